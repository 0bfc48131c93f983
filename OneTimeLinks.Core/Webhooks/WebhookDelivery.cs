namespace OneTimeLinks.Core.Webhooks;

public enum WebhookDeliveryStatus
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>
/// One event on its way to one subscription. <see cref="Id"/> is the event id, which is also the <c>webhook-id</c> of
/// every attempt: the same on each retry and redelivery, so the receiver deduplicates by it.
/// </summary>
public sealed record WebhookDelivery(
    string Id,
    string SubscriptionId,
    string EventType,
    WebhookDeliveryStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    int AttemptCount,
    IReadOnlyList<WebhookAttempt> Attempts);

/// <summary>
/// One POST to the receiver: when, its status code (null when no answer came), how long it took, at most 1 KiB of its
/// answer, why it failed (<see cref="WebhookAttemptErrors"/>; null when it succeeded) and, when no answer came, what
/// went wrong in a few words (the address guard's reason, the kind of connection error).
/// </summary>
public sealed record WebhookAttempt(DateTimeOffset At, int? StatusCode, TimeSpan Latency, string? Response, string? Error, string? Detail = null);

/// <summary>The <see cref="WebhookAttempt.Error"/> kinds, as the delivery log shows them.</summary>
public static class WebhookAttemptErrors
{
    /// <summary>The receiver answered, with a status other than 2xx.</summary>
    public const string Status = "status";

    /// <summary>No answer within <see cref="WebhookOptions.AttemptTimeout"/>.</summary>
    public const string Timeout = "timeout";

    /// <summary>The connection failed (refused, reset, DNS, TLS).</summary>
    public const string Connection = "connection";

    /// <summary>The host resolved to an address deliveries may not reach (loopback, private, metadata, …).</summary>
    public const string ForbiddenAddress = "forbidden-address";

    /// <summary>The subscription was disabled or deleted before the attempt: nothing was sent.</summary>
    public const string SubscriptionDisabled = "subscription-disabled";
}
