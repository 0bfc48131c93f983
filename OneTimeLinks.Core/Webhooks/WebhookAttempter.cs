using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Telemetry;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// Makes one attempt of a due delivery. The attempt first leases the delivery: its next attempt moves to now + lease
/// (ETag-conditional, so of two attempts only one sends). Then it POSTs, and records the outcome on the delivery (the
/// next attempt by the schedule, or succeeded/failed) and on the subscription. A process that dies after the lease
/// leaves the delivery due at the lease's end: the retry timer finds it and it is sent again, with the same webhook-id.
/// </summary>
internal sealed partial class WebhookAttempter(
    IWebhookStore webhooks,
    IWebhookDeliveryStore deliveries,
    WebhookSender sender,
    WebhookRetrySchedule schedule,
    WebhookSubscriptionHealth health,
    IOptions<WebhookDeliveryOptions> options,
    LinkMetrics metrics,
    TimeProvider time,
    ILogger<WebhookAttempter> logger)
{
    public async Task AttemptAsync(string message, CancellationToken cancellationToken)
    {
        WebhookAttemptMessage attempt;
        try
        {
            attempt = WebhookAttemptMessage.Read(message);
        }
        catch (JsonException ex)
        {
            Log.Unreadable(logger, ex);
            return;
        }

        var webhookRead = webhooks.GetAsync(attempt.SubscriptionId, cancellationToken);
        var stored = await deliveries.GetAsync(attempt.SubscriptionId, attempt.DeliveryId, cancellationToken);
        var webhook = await webhookRead;
        var now = time.GetUtcNow();

        // Ended, not yet due, or leased by an attempt in flight: nothing to do now (the row says when, if ever).
        if (stored is null || stored.Delivery.Status != WebhookDeliveryStatus.Pending || stored.Delivery.NextAttemptAt > now)
        {
            return;
        }

        if (webhook is null || webhook.Subscription.Status != WebhookStatus.Enabled)
        {
            await EndUnsentAsync(stored, now, cancellationToken);
            return;
        }

        var leased = await deliveries.TryReplaceAsync(
            stored, stored with { Delivery = stored.Delivery with { NextAttemptAt = now + options.Value.AttemptLease } }, cancellationToken);
        if (leased is null)
        {
            return;
        }

        var result = await sender.SendAsync(webhook, stored.Event, cancellationToken);
        var recorded = await RecordAsync(leased, result, now, cancellationToken);
        metrics.WebhookAttempted(result.Succeeded, recorded?.Delivery.Status, result.Latency);
        Log.Attempted(logger, attempt.DeliveryId, attempt.SubscriptionId, result.StatusCode, result.Error, recorded?.Delivery.Status);
        await health.RecordAsync(webhook, result, time.GetUtcNow(), cancellationToken);
    }

    private async Task<StoredWebhookDelivery?> RecordAsync(
        StoredWebhookDelivery leased, WebhookAttemptResult result, DateTimeOffset attemptedAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var step = leased.Step + 1;
        var next = result.Succeeded || result.StatusCode == WebhookAttemptResult.Gone
            ? null
            : schedule.NextAttempt(step, now, result.RetryAfter);
        var status = result.Succeeded ? WebhookDeliveryStatus.Succeeded
            : next is null ? WebhookDeliveryStatus.Failed
            : WebhookDeliveryStatus.Pending;
        var delivery = leased.Delivery with
        {
            Status = status,
            NextAttemptAt = next,
            AttemptCount = leased.Delivery.AttemptCount + 1,
            Attempts = [.. leased.Delivery.Attempts, result.ToAttempt(attemptedAt)],
        };

        // Null when a redelivery replaced the row meanwhile: that one stands, and this outcome is only logged.
        return await deliveries.TryReplaceAsync(leased, leased with { Delivery = delivery, Step = step }, cancellationToken);
    }

    private async Task EndUnsentAsync(StoredWebhookDelivery stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attempt = new WebhookAttempt(now, null, TimeSpan.Zero, null, WebhookAttemptErrors.SubscriptionDisabled);
        var ended = stored.Delivery with
        {
            Status = WebhookDeliveryStatus.Failed,
            NextAttemptAt = null,
            Attempts = [.. stored.Delivery.Attempts, attempt],
        };
        await deliveries.TryReplaceAsync(stored, stored with { Delivery = ended }, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "A webhook attempt message could not be read and was dropped.")]
        public static partial void Unreadable(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Information,
            "Webhook delivery {DeliveryId} to subscription {SubscriptionId}: status {StatusCode}, error {Error}; now {DeliveryStatus}.")]
        public static partial void Attempted(
            ILogger logger, string deliveryId, string subscriptionId, int? statusCode, string? error, WebhookDeliveryStatus? deliveryStatus);
    }
}
