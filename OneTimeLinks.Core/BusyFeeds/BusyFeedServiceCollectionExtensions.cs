using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneTimeLinks.Core.Outbound;

namespace OneTimeLinks.Core.BusyFeeds;

internal static class BusyFeedServiceCollectionExtensions
{
    /// <summary>Busy feeds: the calendar's iCalendar addresses, checked by the same outbound rules as webhooks.</summary>
    public static IServiceCollection AddBusyFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BusyFeedOptions>().Bind(configuration.GetSection(BusyFeedOptions.SectionName));
        services.AddOutboundConnections();
        services.TryAddSingleton<BusyFeedConfiguration>();
        services.TryAddSingleton<BusyFeedFetcher>();
        services.TryAddSingleton<IBusyFeedService, BusyFeedService>();
        services.TryAddSingleton<BusyFeedRefresher>();
        services.TryAddSingleton<IBusyFeedRefreshRun, BusyFeedRefreshRun>();
        return services;
    }
}
