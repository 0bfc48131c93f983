using Azure;
using Azure.Data.Tables;

namespace OneTimeLinks.Core.Storage;

// Table rows. They mirror the domain records; mapping lives in EntityMapping so the domain never sees storage types.

internal abstract class TableRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
}

internal sealed class CalendarEntity : TableRow
{
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "";
    public int SlotMinutes { get; set; }
    public string AvailabilityJson { get; set; } = "{}";
    public int MinimumNoticeMinutes { get; set; }
    public int HorizonDays { get; set; }
    public string? ContactMessage { get; set; }
    public string? Language { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int BufferBeforeMinutes { get; set; }
    public int BufferAfterMinutes { get; set; }
    public int? MaxBookingsPerDay { get; set; }
    public int? SlotIntervalMinutes { get; set; }
    public int ChangeNoticeMinutes { get; set; }

    /// <summary>The appointment lengths links may offer, space-separated minutes; null for the slot length only.</summary>
    public string? DurationOptions { get; set; }

    // Owner approval (issue 23).
    public bool RequiresConfirmation { get; set; }
    public int? ConfirmationDeadlineHours { get; set; }

    /// <summary>The booking questions (issue 23), as JSON; null for none.</summary>
    public string? QuestionsJson { get; set; }
}

internal sealed class RegistryEntity : TableRow
{
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class LinkEntity : TableRow
{
    public string LinkId { get; set; } = "";
    public string Status { get; set; } = "";

    /// <summary>Never null in storage: links without expiry hold <see cref="EntityMapping.NoExpiry"/> so status filters stay simple.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public string? Note { get; set; }
    public int MaxUses { get; set; }
    public int Uses { get; set; }
    public string? ContactId { get; set; }
    public string? ContactName { get; set; }
    public string? ContactEmail { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string TokenHash { get; set; } = "";
    public string? RequestId { get; set; }

    /// <summary>Lets a booking recognise its own commit when the SDK retried a transaction whose reply was lost.</summary>
    public string? LastBookingId { get; set; }

    /// <summary>The ids of the bookings made through the link, space-separated, oldest first (at most 100).</summary>
    public string? BookingIds { get; set; }

    /// <summary>The CRM's metadata as a JSON object (at most 4 KiB of text), null when none.</summary>
    public string? MetadataJson { get; set; }

    /// <summary>Overrides: the appointment lengths offered (space-separated minutes), the window, the title.</summary>
    public string? DurationMinutes { get; set; }
    public DateTimeOffset? WindowFrom { get; set; }
    public DateTimeOffset? WindowTo { get; set; }
    public string? Title { get; set; }

    /// <summary>Browser-confirmed opens; always written (0 at first) so the list can filter on it.</summary>
    public int OpenCount { get; set; }
    public DateTimeOffset? FirstOpenedAt { get; set; }

    /// <summary>The link's hidden and prefilled questions (issue 23), as JSON; null for none.</summary>
    public string? QuestionsJson { get; set; }
}

internal sealed class BookingEntity : TableRow
{
    public string BookingId { get; set; } = "";
    public string LinkId { get; set; } = "";
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public string? Phone { get; set; }
    public string? Message { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string Status { get; set; } = "confirmed";
    public DateTimeOffset? CanceledAt { get; set; }
    public string? CanceledBy { get; set; }
    public string? CancelReason { get; set; }

    /// <summary>The reschedules, oldest first, as JSON.</summary>
    public string? HistoryJson { get; set; }
    public string ManageTokenHash { get; set; } = "";

    /// <summary>The event of the last change, so a change whose reply was lost recognises its own commit on retry.</summary>
    public string? LastChangeEventId { get; set; }

    /// <summary>The link's metadata, copied when booked (JSON object), so change events carry it without a link read.</summary>
    public string? MetadataJson { get; set; }

    /// <summary>The <c>utm_*</c> parameters the invitee's link carried (JSON object).</summary>
    public string? UtmJson { get; set; }

    /// <summary>The link's window, copied when booked, so the invitee's reschedule stays inside it without a link read.</summary>
    public DateTimeOffset? LinkWindowFrom { get; set; }
    public DateTimeOffset? LinkWindowTo { get; set; }

    /// <summary>The link's title and note, copied when booked, so the booking feed names the booking without a link read.</summary>
    public string? LinkTitle { get; set; }
    public string? LinkNote { get; set; }

    // Approval and attendance (issue 23).
    public DateTimeOffset? ConfirmBy { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? DeclinedAt { get; set; }
    public string? DeclineReason { get; set; }
    public bool? LinkReopened { get; set; }

    /// <summary>Always written ("unknown" at first) so the list can filter on it; rows from before lack it.</summary>
    public string Attendance { get; set; } = "unknown";
    public string? AttendanceNote { get; set; }
    public DateTimeOffset? AttendanceMarkedAt { get; set; }

    /// <summary>The invitee's answers to the booking questions (issue 23), as JSON; never in the booking feed's columns.</summary>
    public string? AnswersJson { get; set; }

    /// <summary>Ids of the answers the link prefilled for hidden questions, space-separated; null for none.</summary>
    public string? HiddenAnswerIds { get; set; }
}

/// <summary>The claims on one UTC date (<c>agenda|{yyyyMMdd}</c>), one line each; format in <see cref="AgendaRows"/>.</summary>
internal sealed class AgendaEntity : TableRow
{
    public string Entries { get; set; } = "";
}

/// <summary>A busy interval, stored twice in one transaction: by id (<c>busy|…</c>) and by start (<c>busyat|…</c>).</summary>
internal sealed class BusyEntity : TableRow
{
    public string BusyId { get; set; } = "";
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }
    public string? Title { get; set; }

    /// <summary>Null for the CRM's (every row written before sources existed), else <c>feed:{feedId}</c>.</summary>
    public string? Source { get; set; }

    /// <summary>On the by-id row: the purge index row that removes both rows once the interval is long past.</summary>
    public string? PurgeRowKey { get; set; }
}

internal sealed class IdempotencyEntity : TableRow
{
    public string LinkId { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    public string BookingRowKey { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A row that carries a lifecycle event with its data encrypted: a generated event holds the link URL, whose token must
/// not sit in storage in clear.
/// </summary>
internal abstract class ProtectedEventRow : TableRow
{
    public string EventId { get; set; } = "";
    public string Type { get; set; } = "";
    public string LinkId { get; set; } = "";
    public DateTimeOffset Time { get; set; }
    public string ProtectedData { get; set; } = "";
    public string? TraceParent { get; set; }
}

/// <summary>An event not yet published (<c>outbox|{eventId}</c>); deleted once it is.</summary>
internal sealed class OutboxEntity : ProtectedEventRow
{
    /// <summary>Set (with the row's ETag) by a redelivering sweep while it publishes the event; never on insert.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }
}

/// <summary>
/// One row per workflow request id (<c>request|{sha256(requestId)}</c>), inserted with the link it produced. It keeps the
/// generated event so a duplicate delivery can publish the same event again.
/// </summary>
internal sealed class LinkRequestEntity : ProtectedEventRow;

/// <summary>
/// An Idempotency-Key of an HTTP generate (<c>idem|generate|{sha256(key)}</c>), inserted with the link it produced. It
/// keeps the request's fingerprint and the generated event (encrypted: it holds the URL), so a retry answers that URL.
/// </summary>
internal sealed class GenerateIdempotencyEntity : ProtectedEventRow
{
    public string Fingerprint { get; set; } = "";
}

/// <summary>An <c>expiry|</c> or <c>purge|</c> index row; built by <see cref="EntityMapping"/> only.</summary>
internal sealed class IndexEntity : TableRow
{
    public string LinkId { get; set; } = "";

    /// <summary>For a confirmation deadline (an <c>expiry|</c> row of a pending booking): the booking.</summary>
    public string? BookingId { get; set; }

    /// <summary>For purge rows: the row keys to delete with it (<see cref="TableKeys.PurgeTargets"/>).</summary>
    public string? Targets { get; set; }
}
