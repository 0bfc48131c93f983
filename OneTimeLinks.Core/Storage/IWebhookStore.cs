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
}
