using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Sweeping;

namespace OneTimeLinks.Core.Storage;

/// <summary>A row of the due index as the sweep read it: a calendar with work due from <see cref="BucketStart"/> on.</summary>
internal sealed record DueHint(string CalendarId, DateTimeOffset BucketStart, string RowKey, string Version)
{
    /// <summary>Every index row this hint stands for comes due before this instant.</summary>
    public DateTimeOffset BucketEnd => BucketStart + DueHints.Bucket;
}

/// <summary>
/// The one place that keeps the sweep's global due index: partition <c>due</c>, one row per calendar and minute in which
/// something of that calendar comes due. The sweep reads only the rows whose minute has come and visits only those
/// calendars, so a run with nothing due is one query however many calendars exist (docs/design.md, "Sweep").
/// <para>
/// The index cannot share a calendar's transaction (another partition), so every writer calls
/// <see cref="SubmitTransactionAsync"/>: it writes the hints first and commits second. A crash in between leaves a hint
/// that names nothing, which the sweep visits once and deletes. What a transaction needs hinting:
/// </para>
/// <list type="bullet">
/// <item>an <c>outbox|</c> row: at its redelivery instant. That visit also re-hints the calendar's next expiry and next
/// purge (<see cref="ISweepStore.HintNextDueAsync"/>), so a transaction with an outbox row needs no other hint;</item>
/// <item>otherwise each <c>expiry|</c> and <c>purge|</c> row (busy times, agenda dates, a rescheduled purge): at its instant.</item>
/// </list>
/// </summary>
internal sealed class DueHints(TableClient table, TimeProvider timeProvider, IOptions<SweepOptions> sweep)
{
    /// <summary>Hints are per calendar and minute: every instant is hinted at the start of its minute.</summary>
    public static readonly TimeSpan Bucket = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A sweep deletes a hint only this long after the hint's minute has ended: a writer that hinted a row and has not
    /// committed it yet must not lose its hint. A write taking longer would leave a row for the next writer's hint.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    // Hints this instance wrote recently, by row key: a calendar booked twice in a minute is hinted once. Bounded in
    // time (a sweep elsewhere may delete a hint once its minute is over) and in size.
    private static readonly TimeSpan MemoLifetime = TimeSpan.FromMinutes(1);
    private const int MemoCapacity = 20_000;
    private readonly ConcurrentDictionary<string, long> _written = new(StringComparer.Ordinal);

    /// <summary>Writes the hints <paramref name="actions"/> need (see the class remarks), then submits them as one transaction.</summary>
    public async Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(
        IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        await EnsureAsync(InstantsToHint(actions), cancellationToken);
        return await table.SubmitTransactionAsync(actions, cancellationToken);
    }

    /// <summary>
    /// Writes ahead the hint a transaction about to be decided will need, alongside the reads it decides on. Harmless
    /// when the transaction never comes: the sweep visits the calendar once and deletes the hint.
    /// </summary>
    public Task PrimeAsync(string calendarId, CancellationToken cancellationToken = default) =>
        EnsureAsync([(calendarId, timeProvider.GetUtcNow() + sweep.Value.RedeliveryDelay)], cancellationToken);

    /// <summary>Hints whose minute has begun by <paramref name="now"/>, oldest first.</summary>
    public async Task<IReadOnlyList<DueHint>> ReadDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {TableKeys.DuePartition} and RowKey le {TableKeys.DueRowUpperBound(now)}");
        var hints = new List<DueHint>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var (start, calendarId) = TableKeys.ParseDueRow(row.RowKey);
            hints.Add(new DueHint(calendarId, start, row.RowKey, row.ETag.ToString()));
        }

        return hints;
    }

    /// <summary>
    /// Deletes hints whose calendars a sweep has visited in full, each conditional on the version read: a writer that
    /// hinted the same minute again since keeps its hint.
    /// </summary>
    public async Task DeleteAsync(IReadOnlyList<DueHint> hints, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in hints.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(
                    chunk.Select(h => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(TableKeys.DuePartition, h.RowKey), new ETag(h.Version))),
                    cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412)
            {
                // One changed or vanished hint fails the batch: delete one by one, keeping the changed ones.
                foreach (var hint in chunk)
                {
                    try
                    {
                        await table.DeleteEntityAsync(TableKeys.DuePartition, hint.RowKey, new ETag(hint.Version), cancellationToken);
                    }
                    catch (RequestFailedException single) when (single.Status == 412)
                    {
                    }
                }
            }
        }
    }

    /// <summary>
    /// Whether a sweep that visited the hint's calendar in full at <paramref name="now"/> may delete it: its minute is
    /// over (everything it stands for was due in that visit) and the grace for writers still committing has passed.
    /// </summary>
    public static bool IsSpent(DueHint hint, DateTimeOffset now) => hint.BucketEnd + Grace <= now;

    /// <summary>The minute-start hint for an instant.</summary>
    public static DateTimeOffset BucketOf(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % Bucket.Ticks), TimeSpan.Zero);

    private IEnumerable<(string CalendarId, DateTimeOffset Instant)> InstantsToHint(IReadOnlyList<TableTransactionAction> actions)
    {
        var written = actions.Where(a => a.ActionType is TableTransactionActionType.Add
            or TableTransactionActionType.UpsertMerge or TableTransactionActionType.UpsertReplace).Select(a => a.Entity).ToList();
        var outbox = written.Where(e => TableKeys.IsOutboxRow(e.RowKey)).ToList();
        if (outbox.Count > 0)
        {
            return outbox.Select(e => (CalendarIdOf(e), OutboxTime(e) + sweep.Value.RedeliveryDelay));
        }

        return written
            .Select(e => (Entity: e, Instant: TableKeys.IndexRowInstant(e.RowKey)))
            .Where(x => x.Instant is not null)
            .Select(x => (CalendarIdOf(x.Entity), x.Instant!.Value));
    }

    /// <summary>Makes sure each (calendar, instant) has its hint, writing the missing ones together (one round trip).</summary>
    internal async Task EnsureAsync(IEnumerable<(string CalendarId, DateTimeOffset Instant)> instants, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var ticks = Environment.TickCount64;
        var rows = instants
            .Select(i => (Start: BucketOf(i.Instant), i.CalendarId))
            .Distinct()
            .Select(h => (h.Start, RowKey: TableKeys.DueRow(h.Start, h.CalendarId)))
            .Where(h => !(_written.TryGetValue(h.RowKey, out var at) && ticks - at < MemoLifetime.TotalMilliseconds && h.Start + Bucket > now))
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }

        // Independent writes: sent together, one round trip.
        await Task.WhenAll(rows.Select(h => table.UpsertEntityAsync(
            new TableEntity(TableKeys.DuePartition, h.RowKey), TableUpdateMode.Replace, cancellationToken)));
        if (_written.Count > MemoCapacity)
        {
            _written.Clear();
        }

        foreach (var h in rows)
        {
            _written[h.RowKey] = ticks;
        }
    }

    private static string CalendarIdOf(ITableEntity entity) => TableKeys.CalendarIdFromPartition(entity.PartitionKey);

    private static DateTimeOffset OutboxTime(ITableEntity entity) => entity switch
    {
        ProtectedEventRow row => row.Time,
        TableEntity row => row.GetDateTimeOffset(nameof(ProtectedEventRow.Time)) ?? throw new InvalidOperationException("An outbox row needs its time."),
        _ => throw new InvalidOperationException($"Unexpected outbox entity {entity.GetType().Name}."),
    };
}
