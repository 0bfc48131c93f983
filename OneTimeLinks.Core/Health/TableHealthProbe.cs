using Microsoft.Extensions.Logging;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Health;

/// <summary>
/// Whether the link table answers (<see cref="TableHealthStore"/>), bounded by <see cref="Timeout"/> so a probe never
/// hangs on SDK retries.
/// </summary>
public sealed partial class TableHealthProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly TableHealthStore _table;
    private readonly ILogger<TableHealthProbe> _logger;

    // Internal: it takes the storage module's types, which only AddOneTimeLinksCore wires.
    internal TableHealthProbe(TableHealthStore table, ILogger<TableHealthProbe> logger)
    {
        _table = table;
        _logger = logger;
    }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            if (await _table.QueryAsync(timeout.Token) is { } failure)
            {
                Log.TableUnreachable(_logger, _table.TableName, failure.Status, failure.Exception);
                return false;
            }

            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.TableTimedOut(_logger, _table.TableName, (int)Timeout.TotalSeconds);
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
