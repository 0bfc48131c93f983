using Microsoft.Extensions.Logging;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// The triggered side of delivery. The retry timer reads the subscriptions once and each one's due index (one range
/// query per subscription, in parallel) and queues what is due; the queue carries only "attempt now", and every "when"
/// is a stored instant read with the TimeProvider.
/// </summary>
internal sealed partial class WebhookDeliveryWorker(
    WebhookFanOut fanOut,
    WebhookAttempter attempter,
    IWebhookStore webhooks,
    IWebhookDeliveryStore deliveries,
    WebhookQueues queues,
    TimeProvider time,
    ILogger<WebhookDeliveryWorker> logger) : IWebhookDeliveryWorker
{
    /// <summary>Per subscription and run, so one backlog cannot push a run past the function timeout.</summary>
    private const int MaxDuePerSubscription = 1000;

    public Task FanOutAsync(string message, CancellationToken cancellationToken = default) => fanOut.FanOutAsync(message, cancellationToken);

    public Task AttemptAsync(string message, CancellationToken cancellationToken = default) => attempter.AttemptAsync(message, cancellationToken);

    public async Task<int> QueueDueAttemptsAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var all = await webhooks.ListAllAsync(cancellationToken);

        // Disabled ones too: their due deliveries end as failed ("subscription-disabled") at their attempt.
        var due = await Task.WhenAll(all.Select(async webhook =>
            (await deliveries.GetDueAsync(webhook.Subscription.Id, now, MaxDuePerSubscription, cancellationToken))
                .Select(deliveryId => new WebhookAttemptMessage(webhook.Subscription.Id, deliveryId))));
        var messages = due.SelectMany(batch => batch).ToList();
        await queues.SendAttemptsAsync(messages, cancellationToken);
        if (messages.Count > 0)
        {
            Log.Queued(logger, messages.Count);
        }

        return messages.Count;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Queued {Count} due webhook attempt(s).")]
        public static partial void Queued(ILogger logger, int count);
    }
}
