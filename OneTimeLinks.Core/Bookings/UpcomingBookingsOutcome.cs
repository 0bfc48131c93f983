using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Bookings;

public abstract record UpcomingBookingsOutcome
{
    /// <summary>
    /// One page of the bookings starting in [<paramref name="From"/>, <paramref name="To"/>), with the notes of their
    /// links as they are now (by link id; a link without a note is absent): the owner's words about whom a link was for.
    /// </summary>
    public sealed record Listed(
        BookableCalendar Calendar, DateTimeOffset From, DateTimeOffset To, BookingPage Page, IReadOnlyDictionary<string, string> LinkNotes) : UpcomingBookingsOutcome;

    public sealed record CalendarNotFound : UpcomingBookingsOutcome, ICalendarNotFoundOutcome;

    /// <summary>The continuation token is not one a page of this calendar handed out.</summary>
    public sealed record InvalidContinuation : UpcomingBookingsOutcome;
}
