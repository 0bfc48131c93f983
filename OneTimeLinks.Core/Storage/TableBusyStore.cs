using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Sweeping;

namespace OneTimeLinks.Core.Storage;

/// <summary>Azure Table Storage implementation of <see cref="IBusyStore"/>; the layout is in docs/design.md.</summary>
internal sealed class TableBusyStore(TableClient table, IOptions<RetentionOptions> retention, DueHints hints) : IBusyStore
{
    // Point reads of ids a sync has not seen in its window: enough in flight to hide latency, few enough not to flood.
    private const int ParallelReads = 16;

    public Task<BusyIntervalSnapshot?> GetBusyAsync(string calendarId, string busyId, CancellationToken cancellationToken = default) =>
        GetByKeyAsync(calendarId, BusyInterval.KeyOf(busyId), cancellationToken);

    private async Task<BusyIntervalSnapshot?> GetByKeyAsync(string calendarId, string busyKey, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<BusyEntity>(
            TableKeys.CalendarPartition(calendarId), TableKeys.BusyRow(busyKey), cancellationToken: cancellationToken);
        return row.HasValue ? ToStored(row.Value!) : null;
    }

    public async Task<IReadOnlyList<BusyIntervalSnapshot>> GetBusyStartingInAsync(
        string calendarId, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken = default)
    {
        var filter = TableKeys.BusyStartingIn(TableKeys.CalendarPartition(calendarId), windowStart, windowEnd);
        var found = new List<BusyEntity>();
        await foreach (var row in table.QueryAsync<BusyEntity>(
            filter, select: [nameof(BusyEntity.BusyId), nameof(BusyEntity.Source)], cancellationToken: cancellationToken))
        {
            found.Add(row);
        }

        // The by-start rows list what starts in the window; the by-id rows carry the versions a write must match.
        return await GetByKeysAsync(
            calendarId, found.Select(row => BusyInterval.KeyOf(row.Source ?? BusySources.Crm, row.BusyId)), cancellationToken);
    }

    public async Task<BusyPage> ListBusyAsync(
        string calendarId, DateTimeOffset windowStart, DateTimeOffset windowEnd, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(calendarId);

        // An interval lasts at most 31 days, so whatever overlaps the window starts at most that long before it.
        var filter = TableKeys.BusyStartingIn(partition, windowStart - BusyValidator.MaxDuration, windowEnd)
            + TableClient.CreateQueryFilter($" and End gt {windowStart}");
        var (intervals, next) = await TablePages.ReadAsync<BusyEntity, BusyInterval>(
            table, partition, filter, pageSize, continuationToken, EntityMapping.ToBusyInterval, cancellationToken);
        return new BusyPage(intervals, next);
    }

    public async Task<bool> TryApplyAsync(
        string calendarId, Agenda agenda, IReadOnlyList<BusyChange> changes, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(calendarId);
        var pending = new Queue<BusyChange>(changes.SelectMany(change => Fit(agenda, change)));
        while (pending.Count > 0)
        {
            var chunk = new List<BusyChange> { pending.Dequeue() };
            while (pending.Count > 0 && CountActions(agenda, [.. chunk, pending.Peek()]) <= TableLimits.MaxTransactionActions)
            {
                chunk.Add(pending.Dequeue());
            }

            var days = AgendaChange(agenda, chunk);
            var actions = new List<TableTransactionAction>();
            foreach (var change in chunk)
            {
                AddRowActions(actions, partition, change);
            }

            var agendaWrites = AgendaRows.AddWrites(actions, partition, days);
            Response<IReadOnlyList<Response>> response;
            try
            {
                response = await hints.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                // A version that moved on, a row another writer created first or one the sweep purged: all mean
                // "decide again from a fresh read".
                return false;
            }

            agenda = agenda.With(WithVersions(days, response.Value, agendaWrites.First));
        }

        return true;
    }

    /// <summary>The new version of each written agenda date, from the transaction's answers (in action order).</summary>
    private static IEnumerable<AgendaDaySnapshot> WithVersions(IReadOnlyList<AgendaDaySnapshot> days, IReadOnlyList<Response> answers, int first)
    {
        var index = first;
        foreach (var day in days)
        {
            var etag = answers[index].Headers.ETag ?? throw new InvalidOperationException("The transaction did not return an agenda row's ETag.");
            yield return day with { Version = etag.ToString() };
            index += day.Version is null ? 2 : 1;
        }
    }

    /// <summary>
    /// A change too large for one transaction (a 31-day interval moved to 31 other days touches 64 dates) becomes a
    /// delete and a create: between the two the interval is briefly absent, which frees nothing it did not free anyway.
    /// </summary>
    private static IEnumerable<BusyChange> Fit(Agenda agenda, BusyChange change)
    {
        if (change.Old is not null && change.New is not null && CountActions(agenda, [change]) > TableLimits.MaxTransactionActions)
        {
            yield return change with { New = null };
            yield return change with { Old = null };
        }
        else
        {
            yield return change;
        }
    }

    private static IReadOnlyList<AgendaDaySnapshot> AgendaChange(Agenda agenda, IReadOnlyList<BusyChange> changes) =>
        agenda.Change(
            touched: [],
            removed: [.. changes.Where(c => c.Old is not null).Select(c => c.Old!.Interval.ToEntry())],
            added: [.. changes.Where(c => c.New is not null).Select(c => c.New!.ToEntry())]);

    private static int CountActions(Agenda agenda, IReadOnlyList<BusyChange> changes) =>
        changes.Sum(RowActionCount) + AgendaRows.CountWrites(AgendaChange(agenda, changes));

    private static int RowActionCount(BusyChange change) => change switch
    {
        { Old: null } => 3,
        { New: null } => 3,
        { Old: { } old, New: { } updated } => 1
            + (old.Interval.Start == updated.Start ? 1 : 2)
            + (old.Interval.Start == updated.Start && old.Interval.End == updated.End ? 0 : 2),
    };

    /// <summary>
    /// The by-id row (conditional on the version read, or inserted), the by-start row and the purge row that removes
    /// both once the interval is long past. Rows other than the by-id one follow it, so they need no ETag of their own.
    /// </summary>
    private void AddRowActions(List<TableTransactionAction> actions, string partition, BusyChange change)
    {
        var old = change.Old?.Interval;
        var oldVersion = change.Old is null ? default : Version.Parse(change.Old.Version);
        var updated = change.New;
        if (updated is null)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, TableKeys.BusyRow(old!.Key)), oldVersion.ETag));
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, TableKeys.BusyStartRow(old.Start, old.Key)), ETag.All));
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, oldVersion.PurgeRowKey), ETag.All));
            return;
        }

        var purge = PurgeRow(partition, updated);
        var byId = EntityMapping.ToEntity(partition, TableKeys.BusyRow(updated.Key), updated);
        byId.PurgeRowKey = purge.RowKey;
        var byStart = EntityMapping.ToEntity(partition, TableKeys.BusyStartRow(updated.Start, updated.Key), updated);
        if (old is null)
        {
            actions.Add(new(TableTransactionActionType.Add, byId));
            actions.Add(new(TableTransactionActionType.Add, byStart));
            actions.Add(new(TableTransactionActionType.Add, purge));
            return;
        }

        actions.Add(new(TableTransactionActionType.UpdateReplace, byId, oldVersion.ETag));
        if (old.Start == updated.Start)
        {
            actions.Add(new(TableTransactionActionType.UpdateReplace, byStart, ETag.All));
        }
        else
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, TableKeys.BusyStartRow(old.Start, old.Key)), ETag.All));
            actions.Add(new(TableTransactionActionType.Add, byStart));
        }

        if (old.Start != updated.Start || old.End != updated.End)
        {
            // The purge row names the by-start row and is keyed by the end, so it follows either change.
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, oldVersion.PurgeRowKey), ETag.All));
            actions.Add(new(TableTransactionActionType.Add, purge));
        }
        else
        {
            byId.PurgeRowKey = oldVersion.PurgeRowKey;
        }
    }

    public Task<IReadOnlyList<BusyIntervalSnapshot>> GetBusyAsync(
        string calendarId, string source, IEnumerable<string> busyIds, CancellationToken cancellationToken = default) =>
        GetByKeysAsync(calendarId, busyIds.Select(id => BusyInterval.KeyOf(source, id)), cancellationToken);

    private async Task<IReadOnlyList<BusyIntervalSnapshot>> GetByKeysAsync(
        string calendarId, IEnumerable<string> busyKeys, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(ParallelReads);
        var found = await Task.WhenAll(busyKeys.Select(async key =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await GetByKeyAsync(calendarId, key, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. found.OfType<BusyIntervalSnapshot>()];
    }

    private IndexEntity PurgeRow(string partition, BusyInterval interval) => EntityMapping.PurgeIndex(
        partition,
        interval.End + retention.Value.BusyIntervals,
        [TableKeys.BusyRow(interval.Key), TableKeys.BusyStartRow(interval.Start, interval.Key)]);

    private static BusyIntervalSnapshot ToStored(BusyEntity row) =>
        new(EntityMapping.ToBusyInterval(row), new Version(row.ETag, row.PurgeRowKey ?? "").ToString());

    /// <summary>
    /// What the domain holds as an opaque version: the by-id row's ETag, and the purge row written with it (its key
    /// depends on the retention in force then, which may have changed since).
    /// </summary>
    private readonly record struct Version(ETag ETag, string PurgeRowKey)
    {
        public override string ToString() => $"{PurgeRowKey}\n{ETag}";

        public static Version Parse(string text)
        {
            var split = text.IndexOf('\n', StringComparison.Ordinal);
            return new Version(new ETag(text[(split + 1)..]), text[..split]);
        }
    }
}
