using Microsoft.Extensions.Logging;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Events;

/// <summary>
/// Publishes committed events right after their transaction (Service Bus and the webhook hand-off), then removes them
/// from the outbox. A failure of either loses nothing: the outbox row stays and the sweep publishes it later, on both,
/// with the same event id.
/// </summary>
internal sealed partial class OutboxEventDispatcher(
    EventChannels channels,
    IOutboxStore outbox,
    ILogger<OutboxEventDispatcher> logger) : IEventDispatcher
{
    public async Task DispatchAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return;
        }

        try
        {
            await channels.PublishAsync(events, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.PublishFailed(logger, events.Count, ex);
            return;
        }

        try
        {
            await outbox.DeleteAsync(events, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Harmless: the sweep publishes what is left again under the same ids, which consumers deduplicate.
            Log.OutboxCleanupFailed(logger, events.Count, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Publishing {Count} event(s) failed; they stay in the outbox for the sweep.")]
        public static partial void PublishFailed(ILogger logger, int count, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "{Count} event(s) were published but not all could be removed from the outbox.")]
        public static partial void OutboxCleanupFailed(ILogger logger, int count, Exception exception);
    }
}
