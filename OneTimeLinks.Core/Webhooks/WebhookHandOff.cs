using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// One message per event on the webhook events queue, all sent in one parallel round: a constant cost per batch
/// whatever the number of subscriptions (those are read once per event, later, by <see cref="WebhookFanOut"/>).
/// </summary>
internal sealed class WebhookHandOff(WebhookQueues queues) : IWebhookHandOff
{
    public Task HandOffAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default) =>
        events.Count == 0 ? Task.CompletedTask : queues.SendEventsAsync(events, cancellationToken);
}
