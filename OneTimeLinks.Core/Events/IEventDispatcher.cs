namespace OneTimeLinks.Core.Events;

/// <summary>
/// Publishes events whose state change has committed, then clears them from the outbox. Never throws for a publish
/// failure: the event stays in the outbox and the sweep redelivers it.
/// </summary>
public interface IEventDispatcher
{
    Task DispatchAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default);
}

/// <summary>
/// The dispatcher requests use: it publishes after the caller has its answer. Tests and the benchmark wait on it to see
/// a call's events; the host's shutdown drains it.
/// </summary>
public interface IBackgroundEventDispatcher : IEventDispatcher
{
    /// <summary>Completes when every publish handed over so far has finished.</summary>
    Task WhenIdleAsync();
}

/// <summary>The outbound transport: Service Bus in Azure, a storage queue locally.</summary>
internal interface IEventPublisher
{
    Task PublishAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default);
}
