using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OneTimeLinks.Core.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The table's stores, one narrow surface per feature, and the sweep's due index that every writer keeps. The
    /// table client itself is one of the app's Azure clients (<c>AddOneTimeLinksAzureClients</c>).
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        services.TryAddSingleton<DueHints>();
        services.TryAddSingleton<ICalendarStore, TableCalendarStore>();
        services.TryAddSingleton<ILinkStore, TableLinkStore>();
        services.TryAddSingleton<IBookingStore, TableBookingStore>();
        services.TryAddSingleton<IBusyStore, TableBusyStore>();
        services.TryAddSingleton<IBusyFeedStore, TableBusyFeedStore>();
        services.TryAddSingleton<IBusyFeedStatusStore, TableBusyFeedStatusStore>();
        services.TryAddSingleton<IOutboxStore, TableOutboxStore>();
        services.TryAddSingleton<ISweepStore, TableSweepStore>();
        services.TryAddSingleton<TableHealthStore>();
        return services;
    }
}
