using Azure.Storage.Queues;

namespace OneTimeLinks.Core.Events;

/// <summary>
/// A storage queue that creates itself before its first send, so a fresh storage account (or a fresh Azurite) needs no
/// setup step. Creating is idempotent, so concurrent first sends may all do it; it is remembered only once it has
/// succeeded, and a failed attempt fails that send, whose caller retries (the outbox, the queue trigger).
/// </summary>
internal sealed class SelfCreatingQueue(QueueClient queue)
{
    private volatile bool _created;

    public string Name => queue.Name;

    public async Task SendAsync(BinaryData message, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        await queue.SendMessageAsync(message, cancellationToken: cancellationToken);
    }

    public async Task SendAsync(string message, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken);
        await queue.SendMessageAsync(message, cancellationToken);
    }

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _created = true;
        }
    }
}
