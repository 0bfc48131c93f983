using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>The delivery pipeline's triggered work: the two queues and the retry timer (docs/design.md, "Delivery").</summary>
public interface IWebhookDeliveryWorker
{
    /// <summary>A message of the webhook events queue: creates the event's deliveries. Throws to have it retried.</summary>
    Task FanOutAsync(string message, CancellationToken cancellationToken = default);

    /// <summary>A message of the webhook attempts queue: one attempt of a due delivery. Throws to have it retried.</summary>
    Task AttemptAsync(string message, CancellationToken cancellationToken = default);

    /// <summary>The timer: queues an attempt for every pending delivery whose next attempt is due; how many it queued.</summary>
    Task<int> QueueDueAttemptsAsync(CancellationToken cancellationToken = default);
}

/// <summary>The management API's side of delivery: the test ping, the delivery log and redelivery.</summary>
public interface IWebhookDeliveryLog
{
    Task<WebhookTestOutcome> SendTestAsync(string subscriptionId, CancellationToken cancellationToken = default);

    /// <param name="status"><c>pending</c>, <c>succeeded</c> or <c>failed</c>; null for all.</param>
    Task<ListWebhookDeliveriesOutcome> ListAsync(
        string subscriptionId, string? status, int? pageSize, string? continuationToken, CancellationToken cancellationToken = default);

    Task<RedeliverWebhookOutcome> RedeliverAsync(string subscriptionId, string deliveryId, CancellationToken cancellationToken = default);
}

public abstract record WebhookTestOutcome
{
    /// <summary>The test event's delivery, created and queued for its first attempt.</summary>
    public sealed record Queued(WebhookDelivery Delivery) : WebhookTestOutcome;

    public sealed record SubscriptionNotFound : WebhookTestOutcome;

    /// <summary>A disabled subscription gets nothing, a test ping neither.</summary>
    public sealed record SubscriptionDisabled : WebhookTestOutcome;
}

public abstract record ListWebhookDeliveriesOutcome
{
    public sealed record Listed(IReadOnlyList<WebhookDelivery> Deliveries, string? ContinuationToken) : ListWebhookDeliveriesOutcome;

    public sealed record SubscriptionNotFound : ListWebhookDeliveriesOutcome;

    public sealed record Invalid(FieldErrors Errors) : ListWebhookDeliveriesOutcome, IInvalidOutcome;
}

public abstract record RedeliverWebhookOutcome
{
    /// <summary>Pending again, due now, and queued for an attempt.</summary>
    public sealed record Queued(WebhookDelivery Delivery) : RedeliverWebhookOutcome;

    public sealed record NotFound : RedeliverWebhookOutcome;

    public sealed record SubscriptionDisabled : RedeliverWebhookOutcome;

    /// <summary>Attempts kept changing the delivery; a retry may succeed.</summary>
    public sealed record Contended : RedeliverWebhookOutcome;
}
