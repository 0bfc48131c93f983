using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Core.Storage;

/// <summary>A calendar's booking feed as read, with the opaque version its replace or delete is conditional on.</summary>
internal sealed record BookingFeedSnapshot(string TokenHash, DateTimeOffset CreatedAt, string Version);

/// <summary>What a feed request or a mint is decided on, read together.</summary>
internal sealed record BookingFeedContext(BookableCalendar? Calendar, BookingFeedSnapshot? Feed);

internal enum BookingFeedWriteResult
{
    Written,

    /// <summary>Another mint or delete changed the feed row since it was read: re-read and decide again.</summary>
    FeedChanged,
}

/// <summary>The feed row beside the calendar, and the one range query over the bookings by start that a feed is built from.</summary>
internal interface IBookingFeedStore
{
    /// <summary>The calendar and its feed row, as point reads sent together.</summary>
    Task<BookingFeedContext> GetAsync(string calendarId, CancellationToken cancellationToken = default);

    /// <summary>Writes the feed row: an insert when <paramref name="read"/> is null, else a replace conditional on its version.</summary>
    Task<BookingFeedWriteResult> TryReplaceAsync(
        string calendarId, BookingFeedSnapshot? read, string tokenHash, DateTimeOffset createdAt, CancellationToken cancellationToken = default);

    /// <summary>Deletes the feed row, conditional on the version read.</summary>
    Task<BookingFeedWriteResult> TryDeleteAsync(string calendarId, BookingFeedSnapshot read, CancellationToken cancellationToken = default);

    /// <summary>
    /// Bookings starting in [<paramref name="windowStart"/>, <paramref name="windowEnd"/>), by start: one range query
    /// over the by-start rows (one request per 1,000 rows), reading only the columns a feed shows.
    /// </summary>
    Task<IReadOnlyList<Booking>> ListAsync(
        string calendarId, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken = default);
}
