using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Core.Bookings;

public abstract record UpcomingBookingsOutcome
{
    /// <summary>One page of the bookings starting in [<paramref name="From"/>, <paramref name="To"/>).</summary>
    public sealed record Listed(BookableCalendar Calendar, DateTimeOffset From, DateTimeOffset To, BookingPage Page) : UpcomingBookingsOutcome;

    public sealed record CalendarNotFound : UpcomingBookingsOutcome;

    /// <summary>The continuation token is not one a page of this calendar handed out.</summary>
    public sealed record InvalidContinuation : UpcomingBookingsOutcome;
}
