using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// One handed-over event to its deliveries: the subscriptions are read in one query, each matching one gets a delivery
/// row (insert-if-absent on event id + subscription id, so a repeated hand-off creates nothing new), then an "attempt
/// now" message each. A failure throws: the queue message comes back and all of it is done again, idempotently.
/// </summary>
internal sealed partial class WebhookFanOut(
    IWebhookStore webhooks,
    IWebhookDeliveryStore deliveries,
    WebhookQueues queues,
    EventPayloadProtector protector,
    IOptions<WebhookDeliveryOptions> options,
    TimeProvider time,
    ILogger<WebhookFanOut> logger)
{
    public async Task FanOutAsync(string message, CancellationToken cancellationToken)
    {
        LinkEvent linkEvent;
        try
        {
            linkEvent = WebhookEventMessage.Read(message, protector);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or CryptographicException)
        {
            // Not written by this app (or by a key ring that is gone): retrying cannot help.
            Log.Unreadable(logger, ex);
            return;
        }

        // A test ping is created for its one subscription by the route, never fanned out.
        if (linkEvent.Type == LinkEventTypes.WebhookTest)
        {
            return;
        }

        var matching = (await webhooks.ListAllAsync(cancellationToken))
            .Where(webhook => webhook.Subscription.Matches(linkEvent.Type, linkEvent.CalendarId))
            .Select(webhook => webhook.Subscription.Id)
            .ToList();
        if (matching.Count == 0)
        {
            return;
        }

        // The attempt messages below bring each delivery now; the retry timer is the fallback should they be lost, so it
        // looks only after a lease's time: a backlog in the attempts queue is then not queued a second time every run.
        var now = time.GetUtcNow();
        var timerFrom = now + options.Value.AttemptLease;
        await Task.WhenAll(matching.Select(id => deliveries.TryCreateAsync(id, linkEvent, now, timerFrom, cancellationToken)));

        // Also for deliveries an earlier try created: if it died before this send, the attempt still comes now (and the
        // retry timer would find the delivery due anyway). An attempt on a delivery that is not due does nothing.
        await queues.SendAttemptsAsync(matching.Select(id => new WebhookAttemptMessage(id, linkEvent.Id)), cancellationToken);
        Log.FannedOut(logger, linkEvent.Id, linkEvent.Type, matching.Count);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "A webhook event message could not be read and was dropped.")]
        public static partial void Unreadable(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Debug, "Event {EventId} ({EventType}) goes to {Count} webhook subscription(s).")]
        public static partial void FannedOut(ILogger logger, string eventId, string eventType, int count);
    }
}
