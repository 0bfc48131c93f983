using System.Text.Json;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>The test ping, the delivery log and redelivery; each goes through the same delivery rows and attempts queue.</summary>
internal sealed class WebhookDeliveryLog(
    IWebhookStore webhooks,
    IWebhookDeliveryStore deliveries,
    WebhookQueues queues,
    IOptions<WebhookDeliveryOptions> options,
    TimeProvider time) : IWebhookDeliveryLog
{
    private const int MaxTries = 5;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = ReadableJson.Encoder };

    private static readonly Dictionary<string, WebhookDeliveryStatus> StatusNames = new(StringComparer.Ordinal)
    {
        ["pending"] = WebhookDeliveryStatus.Pending,
        ["succeeded"] = WebhookDeliveryStatus.Succeeded,
        ["failed"] = WebhookDeliveryStatus.Failed,
    };

    public async Task<WebhookTestOutcome> SendTestAsync(string subscriptionId, CancellationToken cancellationToken = default)
    {
        var webhook = WebhookIds.IsValid(subscriptionId) ? await webhooks.GetAsync(subscriptionId, cancellationToken) : null;
        if (webhook is null)
        {
            return new WebhookTestOutcome.SubscriptionNotFound();
        }

        if (webhook.Subscription.Status != WebhookStatus.Enabled)
        {
            return new WebhookTestOutcome.SubscriptionDisabled();
        }

        var now = time.GetUtcNow();
        var id = Guid.NewGuid().ToString("N");
        var data = JsonSerializer.Serialize(new { SubscriptionId = subscriptionId, SentAt = now }, Json);
        var test = new LinkEvent(id, LinkEventTypes.WebhookTest, "", "", now, data);

        // To this subscription only: its delivery row is created here, not by the fan-out, then attempted like any other.
        await deliveries.TryCreateAsync(subscriptionId, test, now, now + options.Value.AttemptLease, cancellationToken);
        await queues.SendAttemptsAsync([new WebhookAttemptMessage(subscriptionId, id)], cancellationToken);
        var created = await deliveries.GetAsync(subscriptionId, id, cancellationToken);
        return new WebhookTestOutcome.Queued(created!.Delivery);
    }

    public async Task<ListWebhookDeliveriesOutcome> ListAsync(
        string subscriptionId, string? status, int? pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var size = Paging.PageSize(pageSize, errors);
        var wanted = InputRules.OptionalName<WebhookDeliveryStatus>(
            status, StatusNames.TryGetValue, "status", "Must be pending, succeeded or failed.", errors);

        if (!errors.IsEmpty)
        {
            return new ListWebhookDeliveriesOutcome.Invalid(errors);
        }

        if (!WebhookIds.IsValid(subscriptionId) || await webhooks.GetAsync(subscriptionId, cancellationToken) is null)
        {
            return new ListWebhookDeliveriesOutcome.SubscriptionNotFound();
        }

        try
        {
            var page = await deliveries.ListAsync(subscriptionId, wanted, size, continuationToken, cancellationToken);
            return new ListWebhookDeliveriesOutcome.Listed(page.Deliveries, page.ContinuationToken);
        }
        catch (InvalidContinuationTokenException)
        {
            errors.Add("continuation", "Is not a continuation token of this list.");
            return new ListWebhookDeliveriesOutcome.Invalid(errors);
        }
    }

    /// <summary>A delivery id is an event id: 32 lower-case hex digits. Anything else names nothing and never reaches a key.</summary>
    private static bool IsDeliveryId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    public async Task<RedeliverWebhookOutcome> RedeliverAsync(string subscriptionId, string deliveryId, CancellationToken cancellationToken = default)
    {
        var webhook = WebhookIds.IsValid(subscriptionId) && IsDeliveryId(deliveryId) ? await webhooks.GetAsync(subscriptionId, cancellationToken) : null;
        if (webhook is null)
        {
            return new RedeliverWebhookOutcome.NotFound();
        }

        if (webhook.Subscription.Status != WebhookStatus.Enabled)
        {
            return new RedeliverWebhookOutcome.SubscriptionDisabled();
        }

        for (var i = 0; i < MaxTries; i++)
        {
            var stored = await deliveries.GetAsync(subscriptionId, deliveryId, cancellationToken);
            if (stored is null)
            {
                return new RedeliverWebhookOutcome.NotFound();
            }

            // Due now, a new run of the schedule, the same event and so the same webhook-id.
            var again = stored with
            {
                Delivery = stored.Delivery with { Status = WebhookDeliveryStatus.Pending, NextAttemptAt = time.GetUtcNow() },
                Step = 0,
            };
            if (await deliveries.TryReplaceAsync(stored, again, cancellationToken) is { } replaced)
            {
                await queues.SendAttemptsAsync([new WebhookAttemptMessage(subscriptionId, deliveryId)], cancellationToken);
                return new RedeliverWebhookOutcome.Queued(replaced.Delivery);
            }
        }

        return new RedeliverWebhookOutcome.Contended();
    }
}
