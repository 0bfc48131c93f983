using OneTimeLinks.Core.Bookings;

namespace OneTimeLinks.Core.BookingFeeds;

/// <summary>What a booking is in an iCalendar feed, derived from what the booking row already holds (no migration).</summary>
public static class BookingFeedRules
{
    /// <summary>
    /// The VEVENT's <c>SEQUENCE</c>: one more for every move and for the cancel (RFC 5545 3.8.7.4: a change of start,
    /// end or status is a revision), so subscribed clients take each change as newer.
    /// </summary>
    public static int Sequence(Booking booking) =>
        booking.History.Count + (booking.Status == BookingStatus.Canceled ? 1 : 0);

    /// <summary>
    /// When the booking last changed: made, confirmed by the owner (a request enters the feed then), moved or canceled
    /// (<c>LAST-MODIFIED</c> and <c>DTSTAMP</c>, and so the feed's <c>Last-Modified</c>).
    /// </summary>
    public static DateTimeOffset LastModified(Booking booking)
    {
        var last = booking.ConfirmedAt is { } confirmed && confirmed > booking.CreatedAt ? confirmed : booking.CreatedAt;
        foreach (var move in booking.History)
        {
            last = move.At > last ? move.At : last;
        }

        return booking.Cancellation is { } cancel && cancel.At > last ? cancel.At : last;
    }

    /// <summary>
    /// Confirmed bookings are in the feed; canceled ones stay while their cancel is younger than <paramref name="canceledKeptFor"/>.
    /// Requests still pending, and declined ones, are not: the owner has not accepted them.
    /// </summary>
    public static bool IsInFeed(Booking booking, DateTimeOffset now, TimeSpan canceledKeptFor) =>
        booking.Status == BookingStatus.Confirmed
        || booking.Cancellation is { } cancel && cancel.At > now - canceledKeptFor && WasConfirmed(booking);

    // A request canceled while pending was never in the feed, so it has nothing to remove there.
    private static bool WasConfirmed(Booking booking) => booking.ConfirmBy is null || booking.ConfirmedAt is not null;
}
