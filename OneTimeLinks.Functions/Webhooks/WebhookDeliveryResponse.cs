using OneTimeLinks.Core.Webhooks;

namespace OneTimeLinks.Functions.Webhooks;

/// <summary>One delivery in the log: the event it carries, its status, its next attempt and every attempt kept.</summary>
public sealed record WebhookDeliveryResponse(
    string Id,
    string EventId,
    string EventType,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    int AttemptCount,
    IReadOnlyList<WebhookAttemptResponse> Attempts)
{
    public static WebhookDeliveryResponse From(WebhookDelivery delivery) => new(
        delivery.Id,
        delivery.Id,
        delivery.EventType,
        delivery.Status.ToString().ToLowerInvariant(),
        delivery.CreatedAt,
        delivery.NextAttemptAt,
        delivery.AttemptCount,
        [.. delivery.Attempts.Select(a => new WebhookAttemptResponse(a.At, a.StatusCode, (long)a.Latency.TotalMilliseconds, a.Response, a.Error, a.Detail))]);
}

public sealed record WebhookAttemptResponse(DateTimeOffset At, int? StatusCode, long LatencyMs, string? Response, string? Error, string? Detail);

public sealed record WebhookDeliveryListResponse(IReadOnlyList<WebhookDeliveryResponse> Deliveries, string? ContinuationToken);

public sealed record WebhookTestResponse(string DeliveryId, WebhookDeliveryResponse Delivery);
