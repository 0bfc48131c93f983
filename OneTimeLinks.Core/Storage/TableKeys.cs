using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OneTimeLinks.Core.Storage;

/// <summary>
/// The one place that derives PartitionKeys and RowKeys (layout and reasons: docs/design.md). Everything about one
/// calendar shares its partition, so a booking can claim the link, the slot, the idempotency key and the outbox entry
/// in one entity group transaction.
/// </summary>
internal static class TableKeys
{
    public const string CalendarRow = "calendar";
    public const string RegistryPartition = "calendars";

    // '~' sorts after every character ids and tokens use, so "{prefix}~" is an exclusive upper bound for a range scan.
    private const char RangeEnd = '~';

    public static string CalendarPartition(string calendarId) => $"c|{calendarId}";

    public static string CalendarIdFromPartition(string partitionKey) => partitionKey[2..];

    public static string LinkRow(string linkId) => $"link|{linkId}";

    public const string LinkRowPrefix = "link|";

    public static bool IsLinkRow(string rowKey) => rowKey.StartsWith(LinkRowPrefix, StringComparison.Ordinal);

    public static string LinkIdFromRow(string rowKey) =>
        IsLinkRow(rowKey) ? rowKey[LinkRowPrefix.Length..] : throw new ArgumentException($"'{rowKey}' is not a link row.", nameof(rowKey));

    /// <summary>A booking by its id; the link row lists its bookings' ids, so the link finds them with point reads.</summary>
    public static string BookingRow(string bookingId) => $"booking|{bookingId}";

    private const string BookingRowPrefix = "booking|";

    public static string BookingIdFromRow(string rowKey) =>
        rowKey.StartsWith(BookingRowPrefix, StringComparison.Ordinal)
            ? rowKey[BookingRowPrefix.Length..]
            : throw new ArgumentException($"'{rowKey}' is not a booking row.", nameof(rowKey));

    /// <summary>The same booking ordered by its current start, for listing a window; moved when the booking is.</summary>
    public static string BookingStartRow(DateTimeOffset start, string bookingId) => $"bookingat|{Ticks(start)}|{bookingId}";

    /// <summary>A filter for the by-start rows of the bookings in <paramref name="partition"/> that start in [from, to).</summary>
    public static string BookingsStartingIn(string partition, DateTimeOffset from, DateTimeOffset to) =>
        Azure.Data.Tables.TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {BookingStartRowBound(from)} and RowKey lt {BookingStartRowBound(to)}");

    private static string BookingStartRowBound(DateTimeOffset start) => $"bookingat|{Ticks(start)}|";

    /// <summary>
    /// One row per UTC date holding every claim on that date's time (bookings and busy intervals), so that booking,
    /// pushing busy time and cancelling all meet on the same rows and overlap is decided by ETags (docs/design.md).
    /// </summary>
    public static string AgendaRow(DateOnly date) => $"agenda|{date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    public static DateOnly DateFromAgendaRow(string rowKey) =>
        DateOnly.ParseExact(rowKey.AsSpan("agenda|".Length), "yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>A busy interval by the CRM's id (hashed: the id may hold characters a RowKey cannot).</summary>
    public static string BusyRow(string busyKey) => $"busy|{busyKey}";

    /// <summary>The same busy interval ordered by start, for listing a window.</summary>
    public static string BusyStartRow(DateTimeOffset start, string busyKey) => $"busyat|{Ticks(start)}|{busyKey}";

    /// <summary>A filter for the by-start rows of the busy intervals in <paramref name="partition"/> that start in [from, to).</summary>
    public static string BusyStartingIn(string partition, DateTimeOffset from, DateTimeOffset to) =>
        Azure.Data.Tables.TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {BusyStartRowBound(from)} and RowKey lt {BusyStartRowBound(to)}");

    private static string BusyStartRowBound(DateTimeOffset start) => $"busyat|{Ticks(start)}|";

    /// <summary>An Idempotency-Key record, scoped to a link (booking) or a booking (the invitee's changes).</summary>
    public static string IdempotencyRow(string scope, string idempotencyKey) => $"idem|{scope}|{Sha256Hex(idempotencyKey)}";

    /// <summary>
    /// An Idempotency-Key of an HTTP generate, scoped to the calendar (the partition). "generate" is never a link or booking
    /// id, so these rows cannot meet a booking's.
    /// </summary>
    public static string GenerateIdempotencyRow(string idempotencyKey) => IdempotencyRow("generate", idempotencyKey);

    public static string RequestRow(string requestId) => $"request|{Sha256Hex(requestId)}";

    public static string OutboxRow(string eventId) => $"outbox|{eventId}";

    public const string OutboxRowPrefix = "outbox|";

    public static bool IsOutboxRow(string rowKey) => rowKey.StartsWith(OutboxRowPrefix, StringComparison.Ordinal);

    /// <summary>Expiry index: sorted by instant so the sweep reads only the rows that are due.</summary>
    public static string ExpiryRow(DateTimeOffset expiresAt, string linkId) => $"expiry|{Ticks(expiresAt)}|{linkId}";

    public const string ExpiryRowPrefix = "expiry|";

    public static string ExpiryRowUpperBound(DateTimeOffset now) => $"expiry|{Ticks(now)}|{RangeEnd}";

    /// <summary>Purge index: what to delete, and from when, sorted by that instant.</summary>
    public static string PurgeRow(DateTimeOffset purgeAt, string target) => $"purge|{Ticks(purgeAt)}|{target}";

    public const string PurgeRowPrefix = "purge|";

    public static string PurgeRowUpperBound(DateTimeOffset now) => $"purge|{Ticks(now)}|{RangeEnd}";

    /// <summary>
    /// A purge row's targets as stored (its <c>Targets</c> property): the row keys it deletes, one a line, the first one
    /// the row's own key names.
    /// </summary>
    public static string PurgeTargets(IEnumerable<string> rowKeys) => string.Join('\n', rowKeys);

    public static IReadOnlyList<string> ParsePurgeTargets(string? stored) =>
        (stored ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The sweep's due index, one partition for the whole table: <c>{ticks}|{calendarId}</c> (docs/design.md).</summary>
    public const string DuePartition = "due";

    public static string DueRow(DateTimeOffset bucketStart, string calendarId) => $"{Ticks(bucketStart)}|{calendarId}";

    public static string DueRowUpperBound(DateTimeOffset now) => $"{Ticks(now)}|{RangeEnd}";

    public static (DateTimeOffset BucketStart, string CalendarId) ParseDueRow(string rowKey)
    {
        var split = rowKey.IndexOf('|', StringComparison.Ordinal);
        return (new DateTimeOffset(long.Parse(rowKey.AsSpan(0, split), CultureInfo.InvariantCulture), TimeSpan.Zero), rowKey[(split + 1)..]);
    }

    // Webhooks: every subscription in one partition (the fan-out reads the whole set in one query), beside one row
    // counting them, which each create and delete rewrites under its ETag so the limit holds under concurrent creates.
    public const string WebhookPartition = "webhooks";

    public const string WebhookRowPrefix = "webhook|";

    public static string WebhookRow(string webhookId) => $"{WebhookRowPrefix}{webhookId}";

    public const string WebhookCountRow = "count";

    /// <summary>The instant an <c>expiry|</c> or <c>purge|</c> row comes due, read from its key; null for other rows.</summary>
    public static DateTimeOffset? IndexRowInstant(string rowKey)
    {
        var prefix = rowKey.StartsWith(ExpiryRowPrefix, StringComparison.Ordinal) ? ExpiryRowPrefix
            : rowKey.StartsWith(PurgeRowPrefix, StringComparison.Ordinal) ? PurgeRowPrefix
            : null;
        return prefix is null
            ? null
            : new DateTimeOffset(long.Parse(rowKey.AsSpan(prefix.Length, 19), CultureInfo.InvariantCulture), TimeSpan.Zero);
    }

    // Webhooks: deliveries. One partition per subscription holds its deliveries (one per event, keyed by the event id,
    // so creating one twice is a 409) and the index of pending ones by their next attempt, changed in the same EGTs.
    public static string WebhookDeliveryPartition(string subscriptionId) => $"wd|{subscriptionId}";

    public static string WebhookDeliveryRow(string eventId) => $"delivery|{eventId}";

    public const string WebhookDeliveryRowPrefix = "delivery|";

    public static string WebhookDeliveryDueRow(DateTimeOffset nextAttemptAt, string eventId) => $"deliverydue|{Ticks(nextAttemptAt)}|{eventId}";

    public const string WebhookDeliveryDueRowPrefix = "deliverydue|";

    public static string WebhookDeliveryDueRowUpperBound(DateTimeOffset now) => $"deliverydue|{Ticks(now)}|{RangeEnd}";

    public static string EventIdFromWebhookDeliveryDueRow(string rowKey) => rowKey[(rowKey.LastIndexOf('|') + 1)..];

    // Panel: one row per session of the owner's panel in its calendar's partition, purged at its expiry.
    public const string PanelSessionRowPrefix = "panel|";

    public static string PanelSessionRow(string sessionId) => $"{PanelSessionRowPrefix}{sessionId}";

    public static string PanelSessionIdFromRow(string rowKey) =>
        rowKey.StartsWith(PanelSessionRowPrefix, StringComparison.Ordinal)
            ? rowKey[PanelSessionRowPrefix.Length..]
            : throw new ArgumentException($"'{rowKey}' is not a panel session row.", nameof(rowKey));

    public static string UpperBound(string prefix) => prefix + RangeEnd;

    /// <summary>A filter for every row of <paramref name="partition"/> whose RowKey starts with <paramref name="prefix"/>.</summary>
    public static string PrefixFilter(string partition, string prefix) =>
        Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {prefix} and RowKey lt {UpperBound(prefix)}");

    // Webhooks: delivery retention. An ended delivery has a purge row in its own partition, written in the EGT that ends
    // it; the due index hints that partition under its name ("wd|…", which no calendar id can spell: they have no '|').
    public static string WebhookDeliveryPurgeRow(DateTimeOffset purgeAt, string eventId) => PurgeRow(purgeAt, WebhookDeliveryRow(eventId));

    public static string EventIdFromWebhookDeliveryPurgeRow(string rowKey) => rowKey[(rowKey.LastIndexOf('|') + 1)..];

    private const string WebhookDeliveryPartitionPrefix = "wd|";

    /// <summary>The subscription whose deliveries a due hint names, or null when the hint names a calendar.</summary>
    public static string? SubscriptionIdOfDeliveryHint(string hinted) =>
        hinted.StartsWith(WebhookDeliveryPartitionPrefix, StringComparison.Ordinal) ? hinted[WebhookDeliveryPartitionPrefix.Length..] : null;

    private static string Ticks(DateTimeOffset instant) => instant.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    // Booking feeds: one row per calendar beside the calendar row, holding the hash of the feed URL's secret. Its key
    // starts with neither "booking|" nor "bookingat|", so no booking query ever meets it.
    public const string BookingFeedRow = "bookingfeed";

    // Owner approval (issue 23): a pending booking's confirmation deadline sits in the expiry index, after its link's
    // own key ("expiry|{ticks}|{linkId}|{bookingId}" never equals a link's "expiry|{ticks}|{linkId}").
    public static string ConfirmationDeadlineRow(DateTimeOffset confirmBy, string linkId, string bookingId) =>
        $"expiry|{Ticks(confirmBy)}|{linkId}|{bookingId}";

    // Busy feeds

    /// <summary>A calendar's iCalendar feeds of busy time: one row, so the limit of five holds under concurrent changes.</summary>
    public const string BusyFeedsRow = "busyfeeds";

    // Busy feed refresh

    /// <summary>One feed's refresh status (validators, content hash, failures, conflicts reported), beside its calendar's feeds.</summary>
    public static string BusyFeedStatusRow(string feedId) => $"busyfeedstatus|{feedId}";

    /// <summary>
    /// The global refresh index: one row per feed, keyed by its refresh interval first, so a timer run reads only the
    /// intervals that come due in that minute and never a feed that is not due.
    /// </summary>
    public const string BusyFeedRefreshPartition = "busyfeedrefresh";

    public static string BusyFeedRefreshRow(int refreshMinutes, string calendarId, string feedId) =>
        $"{BusyFeedRefreshPrefix(refreshMinutes)}{calendarId}|{feedId}";

    public static string BusyFeedRefreshPrefix(int refreshMinutes) => $"{refreshMinutes.ToString("D4", CultureInfo.InvariantCulture)}|";

    /// <summary>The calendar and feed of a refresh index row (calendar ids never hold '|', feed ids neither).</summary>
    public static (string CalendarId, string FeedId) FeedFromBusyFeedRefreshRow(string rowKey)
    {
        var parts = rowKey.Split('|');
        return (parts[1], parts[2]);
    }

    // Panel links: a session's generate counter for one UTC minute (the panel's rate limit), in the calendar's partition
    // beside the session, purged at the session's expiry. "panelrate|" never matches the "panel|" prefix of sessions.
    public static string PanelRateRow(string sessionId, DateTimeOffset minute) =>
        $"panelrate|{sessionId}|{minute.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}";
}
