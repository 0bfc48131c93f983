namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// The CRM's webhook subscriptions: create (answering the signing secret once), read, list, change, delete, and rotate
/// the secret with an overlap in which both secrets sign.
/// </summary>
public interface IWebhookService
{
    Task<CreateWebhookOutcome> CreateAsync(WebhookRequest? request, CancellationToken cancellationToken = default);

    Task<WebhookSubscription?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<ListWebhooksOutcome> ListAsync(int? pageSize, string? continuationToken, CancellationToken cancellationToken = default);

    Task<UpdateWebhookOutcome> UpdateAsync(string id, WebhookPatchRequest? patch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the subscription; deleting one that does not exist (any more) is not an error. False only when other
    /// writes kept winning and nothing was deleted (a retry may succeed).
    /// </summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    Task<RotateWebhookSecretOutcome> RotateSecretAsync(string id, CancellationToken cancellationToken = default);
}
