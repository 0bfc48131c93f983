using Azure.Storage.Queues;
using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// The senders of the two webhook queues (Base64, as the queue triggers read them). Every batch is sent in parallel,
/// so handing over N events or N attempts costs one round trip, not N.
/// </summary>
internal sealed class WebhookQueues(QueueClient events, QueueClient attempts, EventPayloadProtector protector)
{
    private readonly SelfCreatingQueue _events = new(events);
    private readonly SelfCreatingQueue _attempts = new(attempts);

    public Task SendEventsAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken) =>
        Task.WhenAll(events.Select(e => _events.SendAsync(WebhookEventMessage.Write(e, protector), cancellationToken)));

    public Task SendAttemptsAsync(IEnumerable<WebhookAttemptMessage> attempts, CancellationToken cancellationToken) =>
        Task.WhenAll(attempts.Select(a => _attempts.SendAsync(a.Write(), cancellationToken)));
}
