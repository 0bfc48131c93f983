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
/// <see cref="SubmitTransactionAsync"/>: it sends the hints and the commit in one round, and only for a calendar known to
/// exist, so no rejected request leaves a row. What a transaction needs hinting:
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

    // Calendars this instance read and found to exist lately. Only these are hinted without a read first: a write for
    // a calendar id nobody created must leave no row. A calendar deleted meanwhile costs at most a hint the sweep
    // visits once.
    private static readonly TimeSpan SeenLifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);

    /// <summary>
    /// Submits <paramref name="actions"/> as one transaction with the hints they need (see the class remarks) written in
    /// the same round: the commit's answer is not reported before its hints are written. The hints of a calendar this
    /// instance has not seen exist lately wait for one point read of the calendar row, so a write for a calendar that
    /// does not exist hints nothing (docs/design.md, "Sweep": no request that is rejected writes a hint).
    /// </summary>
    public async Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(
        IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        var instants = InstantsToHint(actions).ToList();
        var unseen = instants.Select(i => i.CalendarId).Distinct(StringComparer.Ordinal).Where(c => !WasSeen(c)).ToList();
        if (unseen.Count > 0)
        {
            var rows = await Task.WhenAll(unseen.Select(c => table.GetEntityIfExistsAsync<TableEntity>(
                TableKeys.CalendarPartition(c), TableKeys.CalendarRow, select: ["PartitionKey"], cancellationToken: cancellationToken)));
            for (var i = 0; i < unseen.Count; i++)
            {
                if (rows[i].HasValue)
                {
                    SawCalendar(unseen[i]);
                }
            }
        }

        var hinted = instants.Where(i => WasSeen(i.CalendarId)).ToList();
        var committed = await SubmitHintedAsync(actions, hinted, cancellationToken);

        // A calendar missing at the read but committed to anyway (created in between): hinted now, late but not never.
        if (hinted.Count < instants.Count)
        {
            await EnsureAsync(instants.Where(i => !WasSeen(i.CalendarId)), cancellationToken);
        }

        return committed;
    }

    /// <summary>
    /// Records that <paramref name="calendarId"/> was read and found to exist: its next transaction sends its hint
    /// beside the commit instead of reading the calendar row first.
    /// </summary>
    public void SawCalendar(string calendarId)
    {
        if (_seen.Count > MemoCapacity)
        {
            _seen.Clear();
        }

        _seen[calendarId] = timeProvider.GetTimestamp();
    }

    private bool WasSeen(string calendarId) =>
        _seen.TryGetValue(calendarId, out var at) && timeProvider.GetElapsedTime(at) < SeenLifetime;

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
        foreach (var chunk in hints.Chunk(TableLimits.MaxTransactionActions))
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
        var timestamp = timeProvider.GetTimestamp();
        var rows = instants
            .Select(i => (Start: BucketOf(i.Instant), i.CalendarId))
            .Distinct()
            .Select(h => (h.Start, RowKey: TableKeys.DueRow(h.Start, h.CalendarId)))
            .Where(h => !(_written.TryGetValue(h.RowKey, out var at) && timeProvider.GetElapsedTime(at, timestamp) < MemoLifetime && h.Start + Bucket > now))
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
            _written[h.RowKey] = timestamp;
        }
    }

    /// <summary>
    /// Submits <paramref name="actions"/> with the given hints written in the same round, each (target, instant) as the
    /// sweep reads it; a commit is not reported before its hints are written, and a hint whose commit failed costs the
    /// sweep one empty visit. <see cref="SubmitTransactionAsync"/> ends here once it knows which calendars exist; writers
    /// that are not requests (a webhook delivery ending) call it directly, with nothing to check first: the target is
    /// the partition the transaction itself writes.
    /// </summary>
    public async Task<Response<IReadOnlyList<Response>>> SubmitHintedAsync(
        IReadOnlyList<TableTransactionAction> actions, IReadOnlyList<(string Target, DateTimeOffset Instant)> due, CancellationToken cancellationToken = default)
    {
        // The hint is sent first, and the commit in the same round; both are awaited before anyone is answered or an
        // event handed to the dispatcher.
        var hint = EnsureAsync(due, cancellationToken);
        var commit = table.SubmitTransactionAsync(actions, cancellationToken);
        try
        {
            await Task.WhenAll(commit, hint);
        }
        catch (RequestFailedException) when (commit.IsCompletedSuccessfully)
        {
            // Only the hint failed (after the SDK's retries): the commit stands, so it must still get its hint.
            await EnsureAsync(due, cancellationToken);
        }

        return await commit;
    }

    private static string CalendarIdOf(ITableEntity entity) => TableKeys.CalendarIdFromPartition(entity.PartitionKey);

    private static DateTimeOffset OutboxTime(ITableEntity entity) => entity switch
    {
        ProtectedEventRow row => row.Time,
        TableEntity row => row.GetDateTimeOffset(nameof(ProtectedEventRow.Time)) ?? throw new InvalidOperationException("An outbox row needs its time."),
        _ => throw new InvalidOperationException($"Unexpected outbox entity {entity.GetType().Name}."),
    };
}
