using OneTimeLinks.Core.Bookings;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace OneTimeLinks.Core.Storage;

/// <summary>
/// Azure Table Storage implementation of <see cref="ISweepStore"/> over the layout of <see cref="TableLinkStore"/>
/// (docs/design.md). Each index is read with its own range query: the Table service treats a RowKey filter joined with
/// <c>or</c> as a scan of the whole partition, so three ranges cost two more requests per calendar but never read a
/// live link.
/// </summary>
internal sealed class TableSweepStore(TableClient table, DueHints hints) : ISweepStore
{
    public async IAsyncEnumerable<string> GetCalendarIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.RegistryPartition}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            yield return row.RowKey;
        }
    }

    public Task<IReadOnlyList<DueHint>> GetDueHintsAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        hints.ReadDueAsync(now, cancellationToken);

    public Task DeleteDueHintsAsync(IReadOnlyList<DueHint> spent, CancellationToken cancellationToken = default) =>
        hints.DeleteAsync(spent, cancellationToken);

    public async Task HintNextDueAsync(string calendarId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // The first row of each index that is not due yet; writers that also wrote an outbox row hinted only that row,
        // so this is how their expiry and purge rows get hints of their own.
        var partition = TableKeys.CalendarPartition(calendarId);
        var next = await Task.WhenAll(
            FirstAsync(partition, TableKeys.ExpiryRowUpperBound(now), TableKeys.UpperBound(TableKeys.ExpiryRowPrefix), cancellationToken),
            FirstAsync(partition, TableKeys.PurgeRowUpperBound(now), TableKeys.UpperBound(TableKeys.PurgeRowPrefix), cancellationToken));
        await hints.EnsureAsync(
            next.OfType<string>().Select(rowKey => (calendarId, TableKeys.IndexRowInstant(rowKey)!.Value)), cancellationToken);
    }

    private async Task<string?> FirstAsync(string partition, string after, string before, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after} and RowKey lt {before}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
        {
            return page.Values.Count > 0 ? page.Values[0].RowKey : null;
        }

        return null;
    }

    public async IAsyncEnumerable<DueExpiry> GetDueExpiriesAsync(
        string calendarId, DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {TableKeys.CalendarPartition(calendarId)} and RowKey ge {TableKeys.ExpiryRowPrefix} and RowKey le {TableKeys.ExpiryRowUpperBound(now)}");
        await foreach (var row in table.QueryAsync<IndexEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return new DueExpiry(calendarId, row.LinkId, new RowVersion(row.RowKey, row.ETag).ToString()) { BookingId = row.BookingId };
        }
    }

    public async IAsyncEnumerable<DuePurge> GetDuePurgesAsync(
        string calendarId, DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {TableKeys.CalendarPartition(calendarId)} and RowKey ge {TableKeys.PurgeRowPrefix} and RowKey le {TableKeys.PurgeRowUpperBound(now)}");
        await foreach (var row in table.QueryAsync<IndexEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return new DuePurge(calendarId, TableKeys.ParsePurgeTargets(row.Targets), row.LinkId, new RowVersion(row.RowKey, row.ETag).ToString());
        }
    }

    public async Task DeleteExpiryIndexAsync(DueExpiry due, CancellationToken cancellationToken = default)
    {
        // Index rows are immutable, so the ETag read can only mismatch if the row was deleted and written again, which
        // the key (instant + link id) rules out. A 404 (the ending transaction or another sweep removed it) comes back
        // as a response, not an exception: that is success here.
        var row = RowVersion.Parse(due.Version);
        await table.DeleteEntityAsync(TableKeys.CalendarPartition(due.CalendarId), row.RowKey, row.ETag, cancellationToken);
    }

    public async Task<PurgeTarget> ReadPurgeTargetAsync(DuePurge due, CancellationToken cancellationToken = default)
    {
        if (!due.IsLink)
        {
            return new PurgeTarget(due, null, []);
        }

        var partition = TableKeys.CalendarPartition(due.CalendarId);
        var linkId = TableKeys.LinkIdFromRow(due.Targets[0]);
        var link = await table.GetEntityIfExistsAsync<LinkEntity>(partition, TableKeys.LinkRow(linkId), cancellationToken: cancellationToken);
        if (!link.HasValue)
        {
            // The link row goes in the last transaction of a purge, after all its bookings: nothing of it is left.
            return new PurgeTarget(due, null, []);
        }

        var ended = EntityMapping.ToLink(link.Value!);
        var rows = await Task.WhenAll(ended.BookingIds.Select(id => table.GetEntityIfExistsAsync<BookingEntity>(
            partition, TableKeys.BookingRow(id), cancellationToken: cancellationToken)));
        var bookings = rows
            .Where(row => row.HasValue)
            .Select(row => EntityMapping.ToBooking(row.Value!))
            .Select(booking => new PurgeBooking(
                booking.BookingId,
                booking.Start,
                booking.Status switch
                {
                    BookingStatus.Canceled => booking.Cancellation!.At,
                    BookingStatus.Declined => booking.Decline!.At,
                    _ => booking.End,
                }))
            .ToList();
        return new PurgeTarget(due, ended, bookings);
    }

    public async Task<bool> DeletePurgeTargetAsync(PurgeTarget target, CancellationToken cancellationToken = default)
    {
        var due = target.Due;
        var partition = TableKeys.CalendarPartition(due.CalendarId);

        // Bookings only: their claims on time sit in agenda rows, which have purge rows of their own (by date).
        var groups = target.Bookings
            .Select(b => new DeleteGroup(
                [new(TableKeys.BookingRow(b.BookingId), ETag.All), new(TableKeys.BookingStartRow(b.Start, b.BookingId), ETag.All)], Anchor: 0))
            .ToList();

        // The last group is anchored on the purge row and committed last: while the purge row exists, the purge is
        // unfinished, so a run cut off between transactions is finished by the next run from the same row.
        var last = new List<DeleteRow>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        void Add(string rowKey)
        {
            if (keys.Add(rowKey))
            {
                last.Add(new(rowKey, ETag.All));
            }
        }

        if (!due.IsLink || target.Link is not null)
        {
            Add(due.Targets[0]);
        }

        if (target.Link?.RequestId is { } requestId)
        {
            // The queue's exactly-once record for this link goes with it; a request redelivered after 90 days is new.
            Add(TableKeys.RequestRow(requestId));
        }

        foreach (var extra in due.Targets.Skip(1))
        {
            Add(extra);
        }

        var purgeRow = RowVersion.Parse(due.Version);
        last.Add(new(purgeRow.RowKey, purgeRow.ETag));
        groups.Add(new DeleteGroup(last, Anchor: last.Count - 1));

        var removedPurgeRow = false;
        foreach (var batch in Pack(groups))
        {
            removedPurgeRow = await DeleteBatchAsync(partition, batch, cancellationToken);
        }

        return removedPurgeRow;
    }

    public async Task<bool> ReschedulePurgeAsync(DuePurge due, DateTimeOffset purgeAt, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(due.CalendarId);
        var row = RowVersion.Parse(due.Version);
        if (TableKeys.PurgeRow(purgeAt, due.Targets[0]) == row.RowKey)
        {
            return true;
        }

        try
        {
            await hints.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, row.RowKey), row.ETag),
                    new TableTransactionAction(TableTransactionActionType.Add, EntityMapping.PurgeIndex(partition, purgeAt, due.Targets, due.LinkId)),
                ],
                cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409)
        {
            // Another sweep moved (or finished) it first.
            return false;
        }
    }

    public async Task DeletePurgeIndexAsync(DuePurge due, CancellationToken cancellationToken = default)
    {
        var row = RowVersion.Parse(due.Version);
        await table.DeleteEntityAsync(TableKeys.CalendarPartition(due.CalendarId), row.RowKey, row.ETag, cancellationToken);
    }

    /// <summary>Packs groups into transactions of at most 100 rows without splitting a group; order is kept.</summary>
    private static List<List<DeleteGroup>> Pack(List<DeleteGroup> groups)
    {
        var batches = new List<List<DeleteGroup>>();
        var current = new List<DeleteGroup>();
        var size = 0;
        foreach (var group in groups)
        {
            if (current.Count > 0 && size + group.Rows.Count > TableLimits.MaxTransactionActions)
            {
                batches.Add(current);
                current = [];
                size = 0;
            }

            current.Add(group);
            size += group.Rows.Count;
        }

        batches.Add(current);
        return batches;
    }

    /// <summary>Deletes a batch of groups in one transaction; true when the batch's last group was deleted by this call.</summary>
    private async Task<bool> DeleteBatchAsync(string partition, List<DeleteGroup> batch, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(batch.SelectMany(g => g.Rows).Select(r => r.ToAction(partition)), cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            // One missing row fails the whole transaction. Rows only go missing when another sweep is purging the same
            // target concurrently, so redo this batch group by group.
            var deleted = false;
            foreach (var group in batch)
            {
                deleted = await DeleteGroupAsync(partition, group, cancellationToken);
            }

            return deleted;
        }
    }

    /// <summary>
    /// Deletes one group atomically, leaving out rows already gone. False when the anchor itself is gone: then someone
    /// else deleted the whole group in one transaction, and its other rows may already belong to someone new.
    /// </summary>
    private async Task<bool> DeleteGroupAsync(string partition, DeleteGroup group, CancellationToken cancellationToken)
    {
        var anchor = group.Rows[group.Anchor];
        var rows = group.Rows.ToList();
        while (true)
        {
            try
            {
                await table.SubmitTransactionAsync(rows.Select(r => r.ToAction(partition)), cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404 && ex.FailedTransactionActionIndex is { } failed && failed < rows.Count)
            {
                if (rows[failed] == anchor)
                {
                    return false;
                }

                rows.RemoveAt(failed);
            }
        }
    }

    /// <summary>
    /// What an index row's record holds as its opaque version (<see cref="DueExpiry"/>, <see cref="DuePurge"/>): the row's
    /// key, to find it again, and its ETag as read.
    /// </summary>
    private readonly record struct RowVersion(string RowKey, ETag ETag)
    {
        public override string ToString() => $"{RowKey}\n{ETag}";

        public static RowVersion Parse(string text)
        {
            var split = text.IndexOf('\n', StringComparison.Ordinal);
            return new RowVersion(text[..split], new ETag(text[(split + 1)..]));
        }
    }

    private sealed record DeleteRow(string RowKey, ETag ETag)
    {
        public TableTransactionAction ToAction(string partition) =>
            new(TableTransactionActionType.Delete, new TableEntity(partition, RowKey), ETag);
    }

    private sealed record DeleteGroup(IReadOnlyList<DeleteRow> Rows, int Anchor);
}
