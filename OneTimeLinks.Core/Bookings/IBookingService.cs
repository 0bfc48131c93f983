using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Core.Bookings;

/// <summary>The invitee's side of a link: open it (read-only, however often) and book through it.</summary>
public interface IBookingService
{
    /// <summary>
    /// Opens a link with one page of its free slots, starting at <paramref name="from"/> when given, for
    /// <paramref name="durationMinutes"/> (null or not offered: the link's first length).
    /// </summary>
    Task<OpenLinkOutcome> OpenAsync(string token, DateTimeOffset? from, int? durationMinutes, CancellationToken cancellationToken = default);

    /// <summary>Reads a booking made through this link, for its confirmation page; the token must still match.</summary>
    Task<(BookableCalendar Calendar, Link Link, Booking Booking)?> GetBookingAsync(
        string token, string bookingId, CancellationToken cancellationToken = default);

    Task<BookLinkOutcome> BookAsync(
        string token, BookingRequest? request, string? idempotencyKey = null, CancellationToken cancellationToken = default);
}
