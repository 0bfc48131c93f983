namespace OneTimeLinks.Core.Events;

/// <summary>
/// Publishes events whose state change has committed, then clears them from the outbox. Never throws for a publish
/// failure: the event stays in the outbox and the sweep redelivers it.
/// </summary>
public interface IEventDispatcher
{
    Task DispatchAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default);
}

/// <summary>The outbound transport: Service Bus in Azure, a storage queue locally.</summary>
internal interface IEventPublisher
{
    Task PublishAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default);
}
