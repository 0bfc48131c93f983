namespace OneTimeLinks.Core.Events;

/// <summary>
/// Where a committed event goes: the transport (<see cref="IEventPublisher"/>: Service Bus, or the local queue) and the
/// webhook hand-off (<see cref="IWebhookHandOff"/>). Both in parallel, and the call succeeds only when both did, so an
/// outbox row is deleted only after both channels have the event; a retry repeats both with the same id.
/// </summary>
internal sealed class EventChannels(IEventPublisher publisher, IWebhookHandOff webhooks)
{
    public Task PublishAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default) =>
        Task.WhenAll(publisher.PublishAsync(events, cancellationToken), webhooks.HandOffAsync(events, cancellationToken));
}

/// <summary>
/// Hands committed events to webhook delivery, durably: once this has returned, every matching subscription gets a
/// delivery of each event, even if the process dies now. Its cost must not grow with the number of subscriptions.
/// </summary>
internal interface IWebhookHandOff
{
    Task HandOffAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default);
}
