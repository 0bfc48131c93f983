using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Webhooks;

public abstract record CreateWebhookOutcome
{
    /// <summary>The only answer, with rotation's, that carries the plaintext <paramref name="Secret"/>.</summary>
    public sealed record Created(WebhookSubscription Webhook, string Secret) : CreateWebhookOutcome;

    public sealed record Invalid(FieldErrors Errors) : CreateWebhookOutcome, IInvalidOutcome;

    /// <summary>The service already holds <see cref="WebhookOptions.MaxSubscriptions"/>; nothing was stored.</summary>
    public sealed record LimitReached(int MaxSubscriptions) : CreateWebhookOutcome;

    /// <summary>Other creates and deletes kept changing the count; nothing was stored and a retry may succeed.</summary>
    public sealed record Contended : CreateWebhookOutcome;
}

public abstract record ListWebhooksOutcome
{
    public sealed record Listed(IReadOnlyList<WebhookSubscription> Webhooks, string? ContinuationToken) : ListWebhooksOutcome;

    public sealed record Invalid(FieldErrors Errors) : ListWebhooksOutcome, IInvalidOutcome;
}

public abstract record UpdateWebhookOutcome
{
    public sealed record Updated(WebhookSubscription Webhook) : UpdateWebhookOutcome;

    public sealed record Invalid(FieldErrors Errors) : UpdateWebhookOutcome, IInvalidOutcome;

    public sealed record NotFound : UpdateWebhookOutcome;

    /// <summary>Deliveries kept recording outcomes on it; nothing was changed and a retry may succeed.</summary>
    public sealed record Contended : UpdateWebhookOutcome;
}

public abstract record RotateWebhookSecretOutcome
{
    /// <summary>The new secret, answered once; the previous one still signs until <paramref name="PreviousSecretValidUntil"/>.</summary>
    public sealed record Rotated(WebhookSubscription Webhook, string Secret, DateTimeOffset PreviousSecretValidUntil) : RotateWebhookSecretOutcome;

    public sealed record NotFound : RotateWebhookSecretOutcome;

    public sealed record Contended : RotateWebhookSecretOutcome;
}
