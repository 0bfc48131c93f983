using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Webhooks;

namespace OneTimeLinks.Core.Storage;

/// <summary>
/// A delivery as stored: its view, the event it carries (its data encrypted at rest, like the outbox's), the step of
/// the retry schedule it is on, and the version its conditional writes check.
/// </summary>
internal sealed record StoredWebhookDelivery(WebhookDelivery Delivery, LinkEvent Event, int Step, string Version)
{
    /// <summary>When the sweep deletes it, as stored (null while pending); the store derives it on every write.</summary>
    public DateTimeOffset? PurgeAt { get; init; }

    /// <summary>The instant of its due row as stored (null once ended): when the retry timer queues it.</summary>
    public DateTimeOffset? DueAt { get; init; }
}

/// <summary>An ended delivery's purge row whose instant has passed, with the row's key and ETag as read.</summary>
internal sealed record DueDeliveryPurge(string SubscriptionId, string DeliveryId, string RowKey, string Version);

internal sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDelivery> Deliveries, string? ContinuationToken);

/// <summary>
/// The storage surface of webhook deliveries: one partition per subscription, one row per event, and beside it an index
/// row for each pending delivery at its next attempt, written in the same transactions as the delivery itself.
/// </summary>
internal interface IWebhookDeliveryStore
{
    /// <summary>
    /// Creates the pending delivery of <paramref name="linkEvent"/> to <paramref name="subscriptionId"/>, to be attempted
    /// from <paramref name="now"/> by the attempt message its creator sends, and queued by the retry timer only from
    /// <paramref name="timerFrom"/> (should that message be lost); false when it already exists (the hand-off was
    /// repeated), which changes nothing.
    /// </summary>
    Task<bool> TryCreateAsync(
        string subscriptionId, LinkEvent linkEvent, DateTimeOffset now, DateTimeOffset timerFrom, CancellationToken cancellationToken = default);

    Task<StoredWebhookDelivery?> GetAsync(string subscriptionId, string deliveryId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="updated"/> if the delivery still has its version, moving its index row from the stored
    /// next attempt to the new one (none once it ended); null when another writer won. A delivery that ends gets its
    /// purge row (retention after its last attempt) in the same transaction, and loses it again if redelivered.
    /// </summary>
    Task<StoredWebhookDelivery?> TryReplaceAsync(
        StoredWebhookDelivery current, StoredWebhookDelivery updated, CancellationToken cancellationToken = default);

    /// <summary>Ids of the subscription's pending deliveries whose next attempt is due at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<string>> GetDueAsync(string subscriptionId, DateTimeOffset now, int max, CancellationToken cancellationToken = default);

    /// <summary>The subscription's ended deliveries whose retention is over at <paramref name="now"/>, oldest first.</summary>
    IAsyncEnumerable<DueDeliveryPurge> GetDuePurgesAsync(string subscriptionId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the delivery and its purge row in one transaction, conditional on the purge row as read; false when it
    /// is gone (another sweep purged it, or a redelivery took the delivery back to pending).
    /// </summary>
    Task<bool> TryPurgeAsync(DueDeliveryPurge due, CancellationToken cancellationToken = default);

    /// <exception cref="InvalidContinuationTokenException">The token was not issued for this subscription's list.</exception>
    Task<WebhookDeliveryPage> ListAsync(
        string subscriptionId, WebhookDeliveryStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken = default);
}
