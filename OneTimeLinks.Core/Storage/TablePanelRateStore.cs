using Azure;
using Azure.Data.Tables;

namespace OneTimeLinks.Core.Storage;

/// <summary>Azure Table Storage implementation of <see cref="IPanelRateStore"/>; the layout is in docs/design.md.</summary>
internal sealed class TablePanelRateStore(TableClient table, DueHints hints) : IPanelRateStore
{
    public async Task<PanelRateSnapshot?> GetAsync(
        string calendarId, string sessionId, DateTimeOffset minute, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<PanelRateEntity>(
            TableKeys.CalendarPartition(calendarId), TableKeys.PanelRateRow(sessionId, minute), cancellationToken: cancellationToken);
        return row.HasValue ? new PanelRateSnapshot(calendarId, sessionId, minute, row.Value!.Count, row.Value.ETag.ToString()) : null;
    }

    public async Task<bool> TryAddFirstAsync(
        string calendarId, string sessionId, DateTimeOffset minute, DateTimeOffset purgeAt, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(calendarId);
        var row = new PanelRateEntity { PartitionKey = partition, RowKey = TableKeys.PanelRateRow(sessionId, minute), Count = 1 };

        // The counter and its purge row together: no counter is left without the row that removes it.
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.Add, row),
            new(TableTransactionActionType.Add, EntityMapping.PurgeIndex(partition, purgeAt, [row.RowKey])),
        ];
        try
        {
            await hints.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> TryIncrementAsync(PanelRateSnapshot read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        var row = new PanelRateEntity
        {
            PartitionKey = TableKeys.CalendarPartition(read.CalendarId),
            RowKey = TableKeys.PanelRateRow(read.SessionId, read.Minute),
            Count = read.Count + 1,
        };
        try
        {
            await table.UpdateEntityAsync(row, new ETag(read.Version), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }
}
