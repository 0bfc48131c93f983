using Microsoft.Extensions.Logging;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Health;

/// <summary>
/// Whether the link table answers (<see cref="TableHealthStore"/>), bounded by <see cref="Timeout"/> so a probe never
/// hangs on SDK retries.
/// </summary>
internal sealed partial class TableHealthProbe(TableHealthStore table, ILogger<TableHealthProbe> logger) : IHealthProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            if (await table.QueryAsync(timeout.Token) is { } failure)
            {
                Log.TableUnreachable(logger, table.TableName, failure.Status, failure.Exception);
                return false;
            }

            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.TableTimedOut(logger, table.TableName, (int)Timeout.TotalSeconds);
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
