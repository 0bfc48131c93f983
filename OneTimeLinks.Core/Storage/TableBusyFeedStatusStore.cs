using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.BusyFeeds;
using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Core.Storage;

/// <summary>Azure Table Storage implementation of <see cref="IBusyFeedStatusStore"/>; the layout is in docs/design.md.</summary>
internal sealed class TableBusyFeedStatusStore(TableClient table, EventPayloadProtector protector, DueHints hints) : IBusyFeedStatusStore
{
    public async Task<BusyFeedStateSnapshot> GetAsync(string calendarId, string feedId, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<BusyFeedStatusEntity>(
            TableKeys.CalendarPartition(calendarId), TableKeys.BusyFeedStatusRow(feedId), cancellationToken: cancellationToken);
        return row.HasValue ? new BusyFeedStateSnapshot(ToState(row.Value!), row.Value!.ETag.ToString()) : new BusyFeedStateSnapshot(BusyFeedState.None, null);
    }

    public async Task<IReadOnlyDictionary<string, BusyFeedState>> ListAsync(string calendarId, CancellationToken cancellationToken = default)
    {
        var states = new Dictionary<string, BusyFeedState>(StringComparer.Ordinal);
        var prefix = TableKeys.BusyFeedStatusRow("");
        await foreach (var row in table.QueryAsync<BusyFeedStatusEntity>(
            TableKeys.PrefixFilter(TableKeys.CalendarPartition(calendarId), prefix), cancellationToken: cancellationToken))
        {
            states[row.RowKey[prefix.Length..]] = ToState(row);
        }

        return states;
    }

    public async Task<bool> TryWriteAsync(
        string calendarId, string feedId, BusyFeedState state, string? version, IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(events);
        var partition = TableKeys.CalendarPartition(calendarId);
        var entity = new BusyFeedStatusEntity
        {
            PartitionKey = partition,
            RowKey = TableKeys.BusyFeedStatusRow(feedId),
            LastSyncedAt = state.Status.LastSyncedAt,
            LastError = state.Status.LastError,
            LastErrorAt = state.Status.LastErrorAt,
            EventCount = state.Status.EventCount,
            ConsecutiveFailures = state.Status.ConsecutiveFailures,
            UrlHash = state.UrlHash,
            FeedETag = state.ETag,
            FeedLastModified = state.LastModified,
            ContentHash = state.ContentHash,
            FailingReported = state.FailingReported,
            Conflicts = JsonSerializer.Serialize(state.Conflicts),
        };
        List<TableTransactionAction> actions =
        [
            version is null
                ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(version)),
        ];
        foreach (var linkEvent in events)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, EntityMapping.ToOutboxEntity(linkEvent, protector)));
        }

        try
        {
            await hints.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<(string CalendarId, string FeedId)>> ListIndexedAsync(int refreshMinutes, CancellationToken cancellationToken = default)
    {
        var feeds = new List<(string, string)>();
        await foreach (var row in table.QueryAsync<TableEntity>(
            TableKeys.PrefixFilter(TableKeys.BusyFeedRefreshPartition, TableKeys.BusyFeedRefreshPrefix(refreshMinutes)),
            select: ["RowKey"],
            cancellationToken: cancellationToken))
        {
            feeds.Add(TableKeys.FeedFromBusyFeedRefreshRow(row.RowKey));
        }

        return feeds;
    }

    public async Task IndexAsync(string calendarId, BusyFeed feed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(feed);
        await table.UpsertEntityAsync(
            new TableEntity(TableKeys.BusyFeedRefreshPartition, TableKeys.BusyFeedRefreshRow(feed.RefreshMinutes, calendarId, feed.Id)),
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async Task UnindexAsync(string calendarId, string feedId, int refreshMinutes, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.DeleteEntityAsync(
                TableKeys.BusyFeedRefreshPartition, TableKeys.BusyFeedRefreshRow(refreshMinutes, calendarId, feedId), ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Gone already: what was asked.
        }
    }

    private static BusyFeedState ToState(BusyFeedStatusEntity row)
    {
        var conflicts = string.IsNullOrEmpty(row.Conflicts) ? [] : JsonSerializer.Deserialize<List<BookingConflict>>(row.Conflicts) ?? [];
        return new BusyFeedState(
            new BusyFeedStatus(row.LastSyncedAt, row.LastError, row.LastErrorAt, row.EventCount, row.ConsecutiveFailures, conflicts),
            row.UrlHash,
            row.FeedETag,
            row.FeedLastModified,
            row.ContentHash,
            row.FailingReported,
            conflicts);
    }
}

/// <summary>One feed's refresh state (<c>busyfeedstatus|{feedId}</c>). No URL here: only its hash, to notice a new one.</summary>
internal sealed class BusyFeedStatusEntity : TableRow
{
    public DateTimeOffset? LastSyncedAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LastErrorAt { get; set; }
    public int EventCount { get; set; }
    public int ConsecutiveFailures { get; set; }
    public string? UrlHash { get; set; }
    public string? FeedETag { get; set; }
    public DateTimeOffset? FeedLastModified { get; set; }
    public string? ContentHash { get; set; }
    public bool FailingReported { get; set; }
    public string? Conflicts { get; set; }
}
