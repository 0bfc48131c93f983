using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace OneTimeLinks.Core.Events;

/// <summary>
/// The local stand-in for the Service Bus topic: each event as CloudEvents JSON on a storage queue (plain text, so a
/// peek shows it as it is). Used when no Service Bus is configured.
/// </summary>
internal sealed class StorageQueueEventPublisher(QueueClient queue, IOptions<EventOptions> options) : IEventPublisher
{
    private readonly SelfCreatingQueue _queue = new(queue);

    public async Task PublishAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default)
    {
        // A failed create or send leaves the events in the outbox; the next publish tries again.
        foreach (var linkEvent in events)
        {
            await _queue.SendAsync(CloudEventMapper.ToStructuredJson(linkEvent, options.Value.Source), cancellationToken);
        }
    }
}
