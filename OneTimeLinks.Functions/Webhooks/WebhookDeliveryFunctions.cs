using OneTimeLinks.Core.Webhooks;

namespace OneTimeLinks.Functions.Webhooks;

/// <summary>
/// Webhook delivery (docs/design.md, "Delivery: at least once"): the events queue's fan-out, the attempts queue, the
/// retry timer, and the CRM's routes for a test ping, the delivery log and redelivery (function key).
/// Completing a queue function deletes its message; throwing leaves it to the host's retries and poison queue.
/// </summary>
public sealed class WebhookDeliveryFunctions(IWebhookDeliveryWorker worker, IWebhookDeliveryLog log)
{
    [Function("FanOutWebhookEvent")]
    public Task FanOutAsync(
        [QueueTrigger("%" + WebhookQueueOptions.EventsQueueSetting + "%", Connection = HostConventions.StorageConnectionSetting)] string message,
        CancellationToken cancellationToken) =>
        worker.FanOutAsync(message, cancellationToken);

    [Function("AttemptWebhookDelivery")]
    public Task AttemptAsync(
        [QueueTrigger("%" + WebhookQueueOptions.AttemptsQueueSetting + "%", Connection = HostConventions.StorageConnectionSetting)] string message,
        CancellationToken cancellationToken) =>
        worker.AttemptAsync(message, cancellationToken);

    /// <summary>Schedule: the app setting <c>WebhookRetrySchedule</c> (six-field NCRONTAB, default every 5 seconds).</summary>
    [Function("QueueDueWebhookAttempts")]
    public Task QueueDueAsync(
        [TimerTrigger("%" + WebhookQueueOptions.RetryScheduleSetting + "%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        worker.QueueDueAttemptsAsync(cancellationToken);

    [Function("SendWebhookTest")]
    public async Task<IResult> SendTestAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "webhooks/{id}/test")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        await log.SendTestAsync(id, cancellationToken) switch
        {
            WebhookTestOutcome.Queued queued => TypedResults.Accepted(
                DeliveriesPath(id), new WebhookTestResponse(queued.Delivery.Id, WebhookDeliveryResponse.From(queued.Delivery))),
            WebhookTestOutcome.SubscriptionNotFound => SubscriptionNotFound(id),
            WebhookTestOutcome.SubscriptionDisabled => SubscriptionDisabled(id),
            var other => throw new UnmappedOutcomeException(other),
        };

    [Function("ListWebhookDeliveries")]
    public Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "webhooks/{id}/deliveries")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        Requests.WithPageSize(request, async pageSize =>
            await log.ListAsync(
                id, request.Query["status"].FirstOrDefault(), pageSize, request.Query["continuation"].FirstOrDefault(), cancellationToken) switch
            {
                ListWebhookDeliveriesOutcome.Listed listed => TypedResults.Ok(new WebhookDeliveryListResponse(
                    [.. listed.Deliveries.Select(WebhookDeliveryResponse.From)], listed.ContinuationToken)),
                ListWebhookDeliveriesOutcome.SubscriptionNotFound => SubscriptionNotFound(id),
                var other => Problems.ForOutcome(other),
            });

    [Function("RedeliverWebhookDelivery")]
    public async Task<IResult> RedeliverAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "webhooks/{id}/deliveries/{deliveryId}/redeliver")] HttpRequest request,
        string id,
        string deliveryId,
        CancellationToken cancellationToken) =>
        await log.RedeliverAsync(id, deliveryId, cancellationToken) switch
        {
            RedeliverWebhookOutcome.Queued queued => TypedResults.Accepted(DeliveriesPath(id), WebhookDeliveryResponse.From(queued.Delivery)),
            RedeliverWebhookOutcome.NotFound => Problems.NotFound($"Webhook subscription '{id}' has no delivery '{deliveryId}'."),
            RedeliverWebhookOutcome.SubscriptionDisabled => SubscriptionDisabled(id),
            RedeliverWebhookOutcome.Contended => Problems.Conflict(
                "Delivery busy", "Attempts kept changing the delivery; try again.", "webhook-delivery-contended"),
            var other => throw new UnmappedOutcomeException(other),
        };

    private static string DeliveriesPath(string id) => HostConventions.PathOf($"webhooks/{id}/deliveries");

    private static IResult SubscriptionNotFound(string id) => Problems.NotFound($"There is no webhook subscription '{id}'.");

    private static IResult SubscriptionDisabled(string id) => Problems.Conflict(
        "Subscription disabled", $"Webhook subscription '{id}' is disabled; enable it (PATCH status) to deliver to it.", "webhook-disabled");
}
