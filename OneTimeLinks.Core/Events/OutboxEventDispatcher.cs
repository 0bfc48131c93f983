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

        foreach (var published in events)
        {
            try
            {
                await outbox.DeleteAsync(published, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Harmless: the sweep publishes it again under the same id, which consumers deduplicate.
                Log.OutboxCleanupFailed(logger, published.Id, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Publishing {Count} event(s) failed; they stay in the outbox for the sweep.")]
        public static partial void PublishFailed(ILogger logger, int count, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "Event {EventId} was published but could not be removed from the outbox.")]
        public static partial void OutboxCleanupFailed(ILogger logger, string eventId, Exception exception);
    }
}
