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

    public static string BookingRow(string linkId, int useNumber) =>
        $"booking|{linkId}|{useNumber.ToString("D3", CultureInfo.InvariantCulture)}";

    public static string BookingRowPrefix(string linkId) => $"booking|{linkId}|";

    /// <summary>One row per booked slot start (UTC), so two links can never both insert it.</summary>
    public static string SlotRow(DateTimeOffset start) =>
        $"slot|{start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";

    public const string SlotRowPrefix = "slot|";

    public static string IdempotencyRow(string linkId, string idempotencyKey) => $"idem|{linkId}|{Sha256Hex(idempotencyKey)}";

    public static string RequestRow(string requestId) => $"request|{Sha256Hex(requestId)}";

    public static string OutboxRow(string eventId) => $"outbox|{eventId}";

    public const string OutboxRowPrefix = "outbox|";

    /// <summary>Expiry index: sorted by instant so the sweep reads only the rows that are due.</summary>
    public static string ExpiryRow(DateTimeOffset expiresAt, string linkId) => $"expiry|{Ticks(expiresAt)}|{linkId}";

    public const string ExpiryRowPrefix = "expiry|";

    public static string ExpiryRowUpperBound(DateTimeOffset now) => $"expiry|{Ticks(now)}|{RangeEnd}";

    /// <summary>Purge index: what to delete, and from when, sorted by that instant.</summary>
    public static string PurgeRow(DateTimeOffset purgeAt, string target) => $"purge|{Ticks(purgeAt)}|{target}";

    public const string PurgeRowPrefix = "purge|";

    public static string PurgeRowUpperBound(DateTimeOffset now) => $"purge|{Ticks(now)}|{RangeEnd}";

    public static string UpperBound(string prefix) => prefix + RangeEnd;

    /// <summary>A filter for every row of <paramref name="partition"/> whose RowKey starts with <paramref name="prefix"/>.</summary>
    public static string PrefixFilter(string partition, string prefix) =>
        Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {prefix} and RowKey lt {UpperBound(prefix)}");

    private static string Ticks(DateTimeOffset instant) => instant.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
