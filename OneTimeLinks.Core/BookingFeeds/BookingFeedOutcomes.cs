using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.BookingFeeds;

public abstract record MintBookingFeedOutcome
{
    /// <summary>The only answer that carries the feed's URL; storage keeps its hash alone.</summary>
    public sealed record Minted(string Url, DateTimeOffset CreatedAt) : MintBookingFeedOutcome;

    public sealed record CalendarNotFound : MintBookingFeedOutcome, ICalendarNotFoundOutcome;

    /// <summary>Other mints kept replacing the feed; nothing of this one was stored and a retry may succeed.</summary>
    public sealed record Contended : MintBookingFeedOutcome;
}

public abstract record DisableBookingFeedOutcome
{
    public sealed record Disabled : DisableBookingFeedOutcome;

    /// <summary>No such calendar, or it has no feed.</summary>
    public sealed record NotFound : DisableBookingFeedOutcome;

    /// <summary>Mints kept replacing the feed; it was not removed and a retry may succeed.</summary>
    public sealed record Contended : DisableBookingFeedOutcome;
}

public abstract record ReadBookingFeedOutcome
{
    /// <summary>
    /// The feed's bookings (<see cref="BookingFeedRules"/>), nearest first: upcoming by start, then the past, latest
    /// first, so a feed cut at its size limit keeps what matters most. <paramref name="LastModified"/> is the latest
    /// change among them, or the feed's mint.
    /// </summary>
    public sealed record Found(BookableCalendar Calendar, IReadOnlyList<Booking> Bookings, DateTimeOffset LastModified) : ReadBookingFeedOutcome;

    /// <summary>A malformed or unknown token, a replaced or disabled feed: one answer for all.</summary>
    public sealed record NotFound : ReadBookingFeedOutcome;
}
