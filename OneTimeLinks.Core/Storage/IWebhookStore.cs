using OneTimeLinks.Core.Webhooks;

namespace OneTimeLinks.Core.Storage;

/// <summary>
/// A subscription as stored: its view, its signing secrets (encrypted with the app's URL protection key ring, never in
/// clear) and the version its conditional writes check.
/// </summary>
internal sealed record StoredWebhook(
    WebhookSubscription Subscription,
    string ProtectedSecret,
    string? ProtectedPreviousSecret,
    DateTimeOffset? PreviousSecretValidUntil,
    string Version);

/// <summary>
/// The storage surface of webhook subscriptions. They share one partition, so the whole set (at most
/// <see cref="WebhookOptions.MaxSubscriptions"/>) is one query for the delivery fan-out.
/// </summary>
internal interface IWebhookStore
{
    /// <summary>Every subscription, enabled or not.</summary>
    Task<IReadOnlyList<StoredWebhook>> ListAllAsync(CancellationToken cancellationToken = default);

    Task<StoredWebhook?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Writes the subscription if it still has <see cref="StoredWebhook.Version"/>; null when another writer won.</summary>
    Task<StoredWebhook?> TryReplaceAsync(StoredWebhook webhook, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds the subscription unless the service already holds <paramref name="maxSubscriptions"/>: the count and the
    /// subscription are written in one transaction conditional on the count's ETag, so two creates cannot both take
    /// the last place.
    /// </summary>
    Task<WebhookAddResult> TryAddAsync(StoredWebhook webhook, int maxSubscriptions, CancellationToken cancellationToken = default);

    /// <summary>Deletes the subscription and lowers the count together.</summary>
    Task<WebhookDeleteResult> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>One page of subscriptions, oldest first.</summary>
    /// <exception cref="InvalidContinuationTokenException">The token is not one this store issued.</exception>
    Task<WebhookPage> ListAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken = default);
}

internal enum WebhookAddResult
{
    Added,
    LimitReached,

    /// <summary>Other creates and deletes kept changing the count; nothing was written.</summary>
    Contended,
}

internal enum WebhookDeleteResult
{
    Deleted,
    NotFound,

    /// <summary>Deliveries or other creates and deletes kept changing the rows; nothing was deleted.</summary>
    Contended,
}

internal sealed record WebhookPage(IReadOnlyList<WebhookSubscription> Webhooks, string? ContinuationToken);
