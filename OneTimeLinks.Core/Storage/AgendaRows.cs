using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using OneTimeLinks.Core.Availability;

namespace OneTimeLinks.Core.Storage;

/// <summary>
/// Reads and writes agenda rows (<c>agenda|{yyyyMMdd}</c>): one line per claim, <c>{b|u} {key} {start} {end}</c> with
/// Unix seconds, so a date with <see cref="AvailabilityRules.MaxEntriesPerDate"/> claims stays inside one string
/// property (32 K characters).
/// </summary>
internal static class AgendaRows
{
    /// <summary>A date's row is kept this long after the date ends: no booking looks back further (two days at most).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(3);

    /// <summary>Reads the rows of the given date ranges: one range query each, all sent together.</summary>
    public static async Task<Agenda> ReadAsync(
        TableClient table, string calendarId, IReadOnlyList<DateRange> ranges, CancellationToken cancellationToken)
    {
        var partition = TableKeys.CalendarPartition(calendarId);
        var reads = ranges.Select(async range =>
        {
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and RowKey ge {TableKeys.AgendaRow(range.First)} and RowKey le {TableKeys.AgendaRow(range.Last)}");
            var days = new List<AgendaDaySnapshot>();
            await foreach (var row in table.QueryAsync<AgendaEntity>(filter, cancellationToken: cancellationToken))
            {
                days.Add(new AgendaDaySnapshot(ToDay(row), row.ETag.ToString()));
            }

            return days;
        }).ToList();
        var found = await Task.WhenAll(reads);
        return new Agenda(ranges, found.SelectMany(days => days));
    }

    public static AgendaDay ToDay(AgendaEntity row)
    {
        var entries = new List<AgendaEntry>();
        foreach (var line in row.Entries.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length != 4 || parts[0] is not ("b" or "u"))
            {
                throw new InvalidDataException($"Agenda row {row.RowKey} holds a malformed entry.");
            }

            entries.Add(new AgendaEntry(
                parts[0] == "b" ? AgendaEntryKind.Booking : AgendaEntryKind.Busy,
                parts[1],
                DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[2], CultureInfo.InvariantCulture)),
                DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[3], CultureInfo.InvariantCulture))));
        }

        return new AgendaDay(TableKeys.DateFromAgendaRow(row.RowKey), entries);
    }

    /// <summary>
    /// Adds the writes of <paramref name="days"/> to a transaction: a replace conditional on the version read, or an
    /// insert (with the row's purge index row) for a date that had no row. Returns where they stand in it.
    /// </summary>
    public static AgendaWrites AddWrites(List<TableTransactionAction> actions, string partition, IEnumerable<AgendaDaySnapshot> days)
    {
        var first = actions.Count;
        foreach (var (day, version) in days)
        {
            var row = new AgendaEntity { PartitionKey = partition, RowKey = TableKeys.AgendaRow(day.Date), Entries = Format(day.Entries) };
            if (version is not null)
            {
                actions.Add(new(TableTransactionActionType.UpdateReplace, row, new ETag(version)));
            }
            else
            {
                actions.Add(new(TableTransactionActionType.Add, row));
                var purgeAt = new DateTimeOffset(day.Date.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + Retention;
                actions.Add(new(TableTransactionActionType.Add, EntityMapping.PurgeIndex(partition, purgeAt, [row.RowKey])));
            }
        }

        return new AgendaWrites(first, actions.Count);
    }

    /// <summary>How many transaction actions <see cref="AddWrites"/> adds for these days.</summary>
    public static int CountWrites(IEnumerable<AgendaDaySnapshot> days) => days.Sum(day => day.Version is null ? 2 : 1);

    private static string Format(IEnumerable<AgendaEntry> entries)
    {
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            // Seconds outward (start down, end up), so a stored claim never covers less than the interval it stands for.
            var end = entry.End.ToUnixTimeMilliseconds();
            text.Append(entry.Kind == AgendaEntryKind.Booking ? 'b' : 'u').Append(' ')
                .Append(entry.Key).Append(' ')
                .Append(entry.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(((end + 999) / 1000).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>Where a transaction's agenda writes stand in it: the actions from <see cref="First"/> up to <see cref="End"/>.</summary>
internal readonly record struct AgendaWrites(int First, int End)
{
    /// <summary>
    /// Whether the transaction failed on one of these dates, so the agenda it decided on moved: 412 a date changed, 409
    /// another writer created it first, 404 the sweep purged a past date.
    /// </summary>
    public bool Lost(TableTransactionFailedException ex) =>
        ex.Status is 409 or 412 or 404 && ex.FailedTransactionActionIndex >= First && ex.FailedTransactionActionIndex < End;
}
