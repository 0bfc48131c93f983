using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Core.Storage;

/// <summary>A booking as read, with the opaque version every change of it is conditional on.</summary>
internal sealed record BookingSnapshot(Booking Booking, string Version);

/// <summary>What a change to a booking is decided on, read together.</summary>
internal sealed record BookingChangeContext(BookableCalendar? Calendar, BookingSnapshot? Booking, StoredIdempotencyRecord? IdempotencyRecord);

internal enum BookingChangeResult
{
    Changed,

    /// <summary>Another change of the booking committed first: re-read and decide again.</summary>
    BookingChanged,

    /// <summary>Another writer changed an agenda date this change read: re-read and decide again.</summary>
    AgendaChanged,

    /// <summary>A concurrent request with the same Idempotency-Key committed first.</summary>
    IdempotencyKeyTaken,

    /// <summary>The link a decline reopens changed since it was read (a booking, a revoke, the sweep): re-read and decide again.</summary>
    LinkChanged,
}

/// <summary>A decline that gives the link's use back: the link as read (its version guards the write) and as reopened.</summary>
internal sealed record LinkReopen(LinkSnapshot Read, Links.Link Reopened);

/// <summary>
/// The storage surface of bookings after they are made: read, list by time, and change (cancel or reschedule) in one
/// entity group transaction with the agenda dates, the by-start row, the event and the idempotency record.
/// </summary>
internal interface IBookingStore
{
    Task<Booking?> GetBookingAsync(string calendarId, string bookingId, CancellationToken cancellationToken = default);

    /// <summary>The bookings with these ids (a link's <see cref="Links.Link.BookingIds"/>), as point reads sent together.</summary>
    Task<IReadOnlyList<Booking>> GetBookingsAsync(
        string calendarId, IReadOnlyList<string> bookingIds, CancellationToken cancellationToken = default);

    /// <summary>The calendar, the booking and (when a key is given) the key's record, as point reads sent together.</summary>
    Task<BookingChangeContext> GetChangeContextAsync(
        string calendarId, string bookingId, string? idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Bookings starting in [<paramref name="windowStart"/>, <paramref name="windowEnd"/>), by start, one page: one range
    /// query over the by-start rows, filtered by the server to any of <paramref name="statuses"/> (all when empty).
    /// </summary>
    /// <exception cref="InvalidContinuationTokenException">The token is not one this store issued for the calendar.</exception>
    Task<BookingPage> ListAsync(
        string calendarId,
        DateTimeOffset windowStart,
        DateTimeOffset windowEnd,
        IReadOnlyCollection<BookingStatus> statuses,
        BookingAttendance? attendance,
        int pageSize,
        string? continuationToken,
        CancellationToken cancellationToken = default);

    Task<BookingChangeResult> TryChangeAsync(
        BookingSnapshot read,
        Booking updated,
        IReadOnlyList<AgendaDaySnapshot> agenda,
        LinkEvent changed,
        string? idempotencyKey,
        string? fingerprint,
        LinkReopen? reopen = null,
        CancellationToken cancellationToken = default);
}
