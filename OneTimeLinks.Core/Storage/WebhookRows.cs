using OneTimeLinks.Core.Webhooks;

namespace OneTimeLinks.Core.Storage;

/// <summary>A subscription (<c>webhook|{id}</c> in the <c>webhooks</c> partition). Secrets only as ciphertext.</summary>
internal sealed class WebhookEntity : TableRow
{
    public string Url { get; set; } = "";

    /// <summary>Space-separated; null or empty for every type.</summary>
    public string? EventTypes { get; set; }

    /// <summary>Space-separated; null or empty for every calendar.</summary>
    public string? CalendarIds { get; set; }

    public string? Description { get; set; }
    public string Status { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastDeliveryAt { get; set; }
    public int ConsecutiveFailures { get; set; }
    public DateTimeOffset? FailingSince { get; set; }
    public string? DisabledReason { get; set; }
    public string ProtectedSecret { get; set; } = "";
    public string? ProtectedPreviousSecret { get; set; }
    public DateTimeOffset? PreviousSecretValidUntil { get; set; }
}

/// <summary>How many subscriptions exist (<c>count</c> in the <c>webhooks</c> partition).</summary>
internal sealed class WebhookCountEntity : TableRow
{
    public int Count { get; set; }
}

internal static class WebhookRows
{
    public static WebhookEntity ToEntity(StoredWebhook webhook)
    {
        var subscription = webhook.Subscription;
        return new WebhookEntity
        {
            PartitionKey = TableKeys.WebhookPartition,
            RowKey = TableKeys.WebhookRow(subscription.Id),
            Url = subscription.Url.AbsoluteUri,
            EventTypes = Join(subscription.EventTypes),
            CalendarIds = Join(subscription.CalendarIds),
            Description = subscription.Description,
            Status = StatusName(subscription.Status),
            CreatedAt = subscription.CreatedAt,
            LastDeliveryAt = subscription.LastDeliveryAt,
            ConsecutiveFailures = subscription.ConsecutiveFailures,
            FailingSince = subscription.FailingSince,
            DisabledReason = subscription.DisabledReason,
            ProtectedSecret = webhook.ProtectedSecret,
            ProtectedPreviousSecret = webhook.ProtectedPreviousSecret,
            PreviousSecretValidUntil = webhook.PreviousSecretValidUntil,
        };
    }

    public static StoredWebhook ToStored(WebhookEntity entity) => new(
        ToSubscription(entity), entity.ProtectedSecret, entity.ProtectedPreviousSecret, entity.PreviousSecretValidUntil, entity.ETag.ToString());

    public static WebhookSubscription ToSubscription(WebhookEntity entity) =>
        new(
            entity.RowKey[TableKeys.WebhookRowPrefix.Length..],
            new Uri(entity.Url, UriKind.Absolute),
            Split(entity.EventTypes),
            Split(entity.CalendarIds),
            entity.Description,
            entity.Status == StatusName(WebhookStatus.Disabled) ? WebhookStatus.Disabled : WebhookStatus.Enabled,
            entity.CreatedAt,
            entity.LastDeliveryAt,
            entity.ConsecutiveFailures)
        {
            FailingSince = entity.FailingSince,
            DisabledReason = entity.DisabledReason,
        };

    private static string StatusName(WebhookStatus status) => status == WebhookStatus.Disabled ? "disabled" : "enabled";

    // Event types and calendar ids never hold spaces (the validator's rules), so a space joins them unambiguously.
    private static string? Join(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(' ', values);

    private static string[] Split(string? stored) => (stored ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
