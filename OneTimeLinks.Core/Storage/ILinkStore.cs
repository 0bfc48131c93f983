using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Core.Storage;

/// <summary>
/// A link as read, with the version every write of it is conditional on: opaque outside Storage (the row's ETag, which
/// only the store turns back into one), so services compare versions but never see a storage type.
/// </summary>
internal sealed record LinkSnapshot(Link Link, string Version);

/// <summary>What a booking decision needs, read in one round of parallel requests.</summary>
internal sealed record BookingContext(BookableCalendar? Calendar, LinkSnapshot? Link, StoredIdempotencyRecord? IdempotencyRecord, Agenda? Agenda);

/// <summary>The Idempotency-Key an HTTP generate was sent with, and the fingerprint of its body.</summary>
internal sealed record GenerateIdempotency(string Key, string Fingerprint);

/// <summary>A committed Idempotency-Key of a generate: the fingerprint of the body and the generated event it produced.</summary>
internal sealed record StoredGenerateRecord(string Fingerprint, LinkEvent Generated);

internal enum CreateLinkResult
{
    Created,
    CalendarNotFound,
    DuplicateRequest,

    /// <summary>
    /// The Idempotency-Key's record exists: a concurrent generate with the key committed first, or this one did and the
    /// SDK's retry of its transaction met its own rows. Nothing more was written; the record says which link answers.
    /// </summary>
    IdempotencyKeyTaken,
}

internal enum BookResult
{
    Booked,

    /// <summary>The link changed since it was read (another booking, a revoke or the sweep won): re-read and decide again.</summary>
    LinkChanged,

    /// <summary>Another writer changed an agenda date this booking read (a booking, a busy interval): re-read and decide again.</summary>
    AgendaChanged,

    /// <summary>A concurrent request with the same Idempotency-Key committed first.</summary>
    IdempotencyKeyTaken,
}

/// <summary>
/// The narrow storage surface of links. Every write that depends on what was read is conditional on the ETag read,
/// and every write that must be atomic with another is one entity group transaction in the calendar's partition.
/// </summary>
internal interface ILinkStore
{
    /// <summary>
    /// Inserts the link with its generated event, only if the calendar exists (checked inside the transaction); with
    /// <paramref name="idempotency"/>, its record and the record's purge row in the same transaction.
    /// </summary>
    Task<CreateLinkResult> CreateLinkAsync(
        Link link, LinkEvent generated, GenerateIdempotency? idempotency = null, CancellationToken cancellationToken = default);

    /// <summary>The record an Idempotency-Key of a generate left in this calendar, or null when the key is unused.</summary>
    Task<StoredGenerateRecord?> GetGenerateRecordAsync(string calendarId, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// The generated event recorded with the link a workflow request id produced (same id, same data), or null when
    /// that request id has not produced a link in this calendar.
    /// </summary>
    Task<LinkEvent?> GetRequestEventAsync(string calendarId, string requestId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts many links of one calendar, each with its generated event and request row, in as few transactions as
    /// fit 100 actions. Null when the calendar does not exist; otherwise, per link in order, null when created or the
    /// generated event its request id produced earlier (nothing written for it).
    /// </summary>
    Task<IReadOnlyList<LinkEvent?>?> CreateLinksAsync(
        string calendarId, IReadOnlyList<(Link Link, LinkEvent Generated)> links, CancellationToken cancellationToken = default);

    Task<LinkSnapshot?> GetLinkAsync(string calendarId, string linkId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the calendar, the link, (when a key is given) its idempotency record and (when dates are given) the agenda
    /// of those UTC dates, as point reads and one range query sent together.
    /// </summary>
    Task<BookingContext> GetBookingContextAsync(
        string calendarId,
        string linkId,
        string? idempotencyKey,
        DateRange? agendaDates,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits one booking: the link's new use count (conditional on <paramref name="read"/>'s ETag), the booking, its
    /// used event, the agenda dates it claims (each conditional on the version read) and the idempotency record, all
    /// or nothing.
    /// </summary>
    Task<BookResult> TryBookAsync(
        LinkSnapshot read,
        Link updated,
        Booking booking,
        LinkEvent used,
        IReadOnlyList<AgendaDaySnapshot> agenda,
        string? idempotencyKey,
        string? fingerprint,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a confirmed open: the link's open fields merged conditional on the version read, with the opened event
    /// (first open only) in the same transaction. False when the link changed since it was read.
    /// </summary>
    Task<bool> TryRecordOpenAsync(LinkSnapshot read, Link opened, LinkEvent? openedEvent, CancellationToken cancellationToken = default);

    /// <summary>Ends an active link (revoked or expired) with its event; false when the link changed since it was read.</summary>
    Task<bool> TryEndLinkAsync(LinkSnapshot read, Link ended, LinkEvent endedEvent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes an edit of an active link (note, expiry) with its updated event and its expiry index row moved, in one
    /// transaction conditional on the version read; false when the link changed since it was read.
    /// </summary>
    Task<bool> TryUpdateLinkAsync(LinkSnapshot read, Link updated, LinkEvent updatedEvent, CancellationToken cancellationToken = default);

    Task<LinkPage> ListLinksAsync(
        string calendarId,
        LinkStatus? status,
        DateTimeOffset now,
        int pageSize,
        string? continuationToken,
        bool? opened = null,
        CancellationToken cancellationToken = default);
}
