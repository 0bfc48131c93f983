using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace OneTimeLinks.Core.Events;

/// <summary>
/// The local stand-in for the Service Bus topic: each event as CloudEvents JSON on a storage queue (plain text, so a
/// peek shows it as it is). Used when no Service Bus is configured.
/// </summary>
public sealed class StorageQueueEventPublisher(QueueClient queue, IOptions<EventOptions> options) : IEventPublisher
{
    private volatile bool _queueCreated;

    public async Task PublishAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default)
    {
        if (!_queueCreated)
        {
            // Idempotent, so concurrent first calls may all do it; remembered only once it has succeeded (a failed
            // attempt leaves the event in the outbox and the next publish tries again).
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _queueCreated = true;
        }

        foreach (var linkEvent in events)
        {
            await queue.SendMessageAsync(CloudEventMapper.ToStructuredJson(linkEvent, options.Value.Source), cancellationToken: cancellationToken);
        }
    }
}
