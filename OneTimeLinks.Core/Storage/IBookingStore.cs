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

/// <summary>
/// One page of a calendar's bookings starting in [<see cref="From"/>, <see cref="To"/>), by start: of any of
/// <see cref="Statuses"/> (all when empty) and, when given, of one <see cref="Attendance"/>.
/// </summary>
internal sealed record BookingListQuery(
    string CalendarId,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyCollection<BookingStatus> Statuses,
    BookingAttendance? Attendance,
    int PageSize,
    string? ContinuationToken);

/// <summary>
/// One change of a booking to commit: the booking as read (its version guards the write) and as changed, the agenda
/// dates it frees or claims, its event, the idempotency key and fingerprint when a key was sent, and the link a decline
/// reopens.
/// </summary>
internal sealed record BookingChangeWrite(
    BookingSnapshot Read,
    Booking Updated,
    IReadOnlyList<AgendaDaySnapshot> Agenda,
    LinkEvent Changed,
    string? IdempotencyKey,
    string? Fingerprint,
    LinkReopen? Reopen = null);

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
    /// The page of bookings <paramref name="query"/> asks for: one range query over the by-start rows, filtered by the
    /// server to its statuses and attendance.
    /// </summary>
    /// <exception cref="InvalidContinuationTokenException">The token is not one this store issued for the calendar.</exception>
    Task<BookingPage> ListAsync(BookingListQuery query, CancellationToken cancellationToken = default);

    Task<BookingChangeResult> TryChangeAsync(BookingChangeWrite change, CancellationToken cancellationToken = default);
}
