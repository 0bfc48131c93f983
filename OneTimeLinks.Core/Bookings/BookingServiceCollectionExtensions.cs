using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OneTimeLinks.Core.Bookings;

internal static class BookingServiceCollectionExtensions
{
    /// <summary>Bookings: made through a link by the invitee, then read, cancelled and moved by either side.</summary>
    public static IServiceCollection AddBookings(this IServiceCollection services)
    {
        services.TryAddSingleton<IBookingService, BookingService>();
        services.TryAddSingleton<BookingChangeService>();
        services.TryAddSingleton<IBookingChangeService>(sp => sp.GetRequiredService<BookingChangeService>());

        // The sweep declines overdue requests through the same transaction as the owner's decline.
        services.TryAddSingleton<IBookingDeadlines>(sp => sp.GetRequiredService<BookingChangeService>());

        // The owner's panel: what is coming and what waits for an answer.
        services.TryAddSingleton<IUpcomingBookingsService, UpcomingBookingsService>();
        return services;
    }
}
