using Azure;
using Azure.Data.Tables;
using OneTimeLinks.Core.Panel;

namespace OneTimeLinks.Core.Storage;

/// <summary>Azure Table Storage implementation of <see cref="IPanelSessionStore"/>; the layout is in docs/design.md.</summary>
internal sealed class TablePanelSessionStore(TableClient table, DueHints hints) : IPanelSessionStore
{
    public async Task<bool> TryAddAsync(PanelSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var row = PanelSessionRows.ToEntity(session);

        // The calendar's existence is checked inside the transaction (an empty merge with If-Match: *), as generate does,
        // so a session of an unknown calendar writes nothing. The purge row removes the session once it has expired.
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.UpdateMerge, new TableEntity(row.PartitionKey, TableKeys.CalendarRow), ETag.All),
            new(TableTransactionActionType.Add, row),
            new(TableTransactionActionType.Add, EntityMapping.PurgeIndex(row.PartitionKey, session.ExpiresAt, [row.RowKey])),
        ];
        try
        {
            await hints.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 0 && ex.Status == 404)
        {
            return false;
        }
    }

    public async Task<PanelSessionSnapshot?> GetAsync(string calendarId, string sessionId, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<PanelSessionEntity>(
            TableKeys.CalendarPartition(calendarId), TableKeys.PanelSessionRow(sessionId), cancellationToken: cancellationToken);
        return row.HasValue ? PanelSessionRows.ToSnapshot(row.Value!) : null;
    }

    public async Task<bool> TryEndAsync(PanelSessionSnapshot read, PanelSession ended, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            await table.UpdateEntityAsync(PanelSessionRows.ToEntity(ended), new ETag(read.Version), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }
}
