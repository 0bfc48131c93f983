using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace OneTimeLinks.Core.Health;

/// <summary>
/// Whether the link table answers: one query of a partition that never holds rows (one request, an empty page; a
/// point read would not do, since the SDK reports a missing table and a missing row alike as "not found"), bounded by
/// <see cref="Timeout"/> so a probe never hangs on SDK retries.
/// </summary>
public sealed partial class TableHealthProbe(TableClient table, ILogger<TableHealthProbe> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private const string ProbeFilter = "PartitionKey eq 'health'";

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(ProbeFilter, maxPerPage: 1, select: ["PartitionKey"], timeout.Token).AsPages())
            {
                break;
            }

            return true;
        }
        catch (RequestFailedException ex)
        {
            Log.TableUnreachable(logger, table.Name, ex.Status, ex);
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.TableTimedOut(logger, table.Name, (int)Timeout.TotalSeconds);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Health probe: table {Table} answered {Status}.")]
        public static partial void TableUnreachable(ILogger logger, string table, int status, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "Health probe: table {Table} did not answer within {Seconds} s.")]
        public static partial void TableTimedOut(ILogger logger, string table, int seconds);
    }
}
