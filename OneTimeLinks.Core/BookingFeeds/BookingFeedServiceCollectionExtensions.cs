using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.BookingFeeds;

internal static class BookingFeedServiceCollectionExtensions
{
    /// <summary>The calendar's subscribable iCalendar feed of its bookings: the mint, the capability and the one range query.</summary>
    public static IServiceCollection AddBookingFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BookingFeedOptions>().Bind(configuration.GetSection(BookingFeedOptions.SectionName));
        services.TryAddSingleton<IBookingFeedStore, TableBookingFeedStore>();
        services.TryAddSingleton<IBookingFeedService, BookingFeedService>();
        return services;
    }
}
