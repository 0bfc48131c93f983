namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// The two storage queues of webhook delivery. Flat app settings, like <c>LinkRequestsQueueName</c>: the queue triggers
/// read them as <c>%WebhookEventsQueueName%</c> and <c>%WebhookAttemptsQueueName%</c>, so they must be set wherever the
/// app runs (infra, local.settings.example.json and the local runner set the defaults).
/// </summary>
public sealed class WebhookQueueOptions
{
    public const string EventsQueueSetting = "WebhookEventsQueueName";
    public const string AttemptsQueueSetting = "WebhookAttemptsQueueName";
    public const string RetryScheduleSetting = "WebhookRetrySchedule";

    /// <summary>One message per event handed over by the outbox; its trigger creates the deliveries.</summary>
    public string EventsQueueName { get; set; } = "webhook-events";

    /// <summary>One message per attempt due now (a new delivery, a retry the timer found due, a redelivery).</summary>
    public string AttemptsQueueName { get; set; } = "webhook-attempts";
}
