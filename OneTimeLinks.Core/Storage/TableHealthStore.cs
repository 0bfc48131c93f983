using Azure;
using Azure.Data.Tables;

namespace OneTimeLinks.Core.Storage;

/// <summary>Why the table did not answer the health query: the status it sent and the failure, for the log.</summary>
internal sealed record TableFailure(int Status, Exception Exception);

/// <summary>
/// The health probe's one query: a partition that never holds rows (one request, an empty page; a point read would not
/// do, since the SDK reports a missing table and a missing row alike as "not found"). A failure the table answered
/// with becomes a <see cref="TableFailure"/> here, so the probe never handles a storage exception.
/// </summary>
internal sealed class TableHealthStore(TableClient table)
{
    private const string ProbeFilter = "PartitionKey eq 'health'";

    public string TableName => table.Name;

    /// <summary>Null when the table answered; cancellation (the probe's timeout) propagates.</summary>
    public async Task<TableFailure?> QueryAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(ProbeFilter, maxPerPage: 1, select: ["PartitionKey"], cancellationToken).AsPages())
            {
                break;
            }

            return null;
        }
        catch (RequestFailedException ex)
        {
            return new TableFailure(ex.Status, ex);
        }
    }
}
