using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Telemetry;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// Keeps a subscription's lastDeliveryAt, consecutiveFailures and failingSince after each attempt, and disables it on
/// 410 Gone or after <see cref="WebhookOptions.DisableAfterFailingFor"/> of only failures, with a
/// <c>OneTimeLinks.Webhook.Disabled</c> event. Writes are ETag-conditional, re-read and re-applied on conflict.
/// </summary>
internal sealed partial class WebhookSubscriptionHealth(
    IWebhookStore webhooks,
    EventChannels channels,
    IOptions<WebhookOptions> options,
    LinkMetrics metrics,
    ILogger<WebhookSubscriptionHealth> logger)
{
    public const string GoneReason = "gone";
    public const string FailingReason = "failing";

    // Successes to a healthy subscription rewrite it at most once a minute: many deliveries in flight to one receiver
    // would otherwise all contend for its one row. lastDeliveryAt is therefore exact to the minute.
    private static readonly TimeSpan SuccessGranularity = TimeSpan.FromMinutes(1);
    private const int MaxTries = 5;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = ReadableJson.Encoder };

    public async Task RecordAsync(StoredWebhook webhook, WebhookAttemptResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = webhook;
        for (var i = 0; i < MaxTries && current is { Subscription.Status: WebhookStatus.Enabled }; i++)
        {
            var subscription = current.Subscription;
            string? disabling = null;
            WebhookSubscription updated;
            if (result.Succeeded)
            {
                if (subscription is { ConsecutiveFailures: 0, FailingSince: null } && subscription.LastDeliveryAt > now - SuccessGranularity)
                {
                    return;
                }

                updated = subscription with { LastDeliveryAt = now, ConsecutiveFailures = 0, FailingSince = null };
            }
            else
            {
                var failingSince = subscription.FailingSince ?? now;
                updated = subscription with { LastDeliveryAt = now, ConsecutiveFailures = subscription.ConsecutiveFailures + 1, FailingSince = failingSince };
                disabling = result.StatusCode == WebhookAttemptResult.Gone ? GoneReason
                    : now - failingSince >= options.Value.DisableAfterFailingFor ? FailingReason
                    : null;
                if (disabling is not null && await TryAnnounceAsync(current, disabling, now, cancellationToken))
                {
                    updated = updated with { Status = WebhookStatus.Disabled, DisabledReason = disabling };
                }
                else
                {
                    disabling = null;
                }
            }

            if (await webhooks.TryReplaceAsync(current with { Subscription = updated }, cancellationToken) is not null)
            {
                if (disabling is not null)
                {
                    metrics.WebhookDisabled(disabling);
                    Log.Disabled(logger, subscription.Id, disabling);
                }

                return;
            }

            current = await webhooks.GetAsync(subscription.Id, cancellationToken);
        }
    }

    /// <summary>
    /// Publishes the Disabled event before the subscription is written disabled, with an id derived from the version
    /// read: if the process dies in between, the next failing attempt reads the same version and publishes again with
    /// the same id. False when publishing failed; the subscription then stays enabled until a later failure retries.
    /// </summary>
    private async Task<bool> TryAnnounceAsync(StoredWebhook webhook, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subscription = webhook.Subscription;
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"webhook-disabled|{subscription.Id}|{webhook.Version}")))[..32];
        var data = JsonSerializer.Serialize(
            new { SubscriptionId = subscription.Id, Reason = reason, subscription.FailingSince, subscription.ConsecutiveFailures, DisabledAt = now },
            Json);
        try
        {
            await channels.PublishAsync([new LinkEvent(id, LinkEventTypes.WebhookDisabled, "", "", now, data)], cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.AnnounceFailed(logger, subscription.Id, ex);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Webhook subscription {SubscriptionId} was disabled ({Reason}).")]
        public static partial void Disabled(ILogger logger, string subscriptionId, string reason);

        [LoggerMessage(2, LogLevel.Warning, "The Disabled event of webhook subscription {SubscriptionId} could not be published; it stays enabled until its next failure.")]
        public static partial void AnnounceFailed(ILogger logger, string subscriptionId, Exception exception);
    }
}
