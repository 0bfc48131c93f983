using OneTimeLinks.Core.Webhooks;
using OneTimeLinks.Tests.Sweeping;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>
/// The retry timer is the fallback for a new delivery, not a second sender: the fan-out's own attempt message brings
/// it, so the timer queues it only once a lease's time has passed (the message was lost). The Core services run here
/// without a host, so no listener takes the attempt message and the delivery stays pending and unleased.
/// </summary>
public sealed class DeliveryTimerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task RetryTimer_ANewDeliveryWhoseAttemptMessageIsQueued_QueuedAgainOnlyAfterALease()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        await using var harness = await SweepHarness.CreateAsync(azurite, new Dictionary<string, string?>
        {
            ["Webhooks:AllowLoopbackHttp"] = "true",
            ["WebhookEventsQueueName"] = $"timer-events-{suffix}",
            ["WebhookAttemptsQueueName"] = $"timer-attempts-{suffix}",
        });
        var instance = harness.CreateInstance();
        var services = instance.Services;
        var created = await services.GetRequiredService<IWebhookService>().CreateAsync(new WebhookRequest("http://127.0.0.1:9/hook"));
        Assert.IsType<CreateWebhookOutcome.Created>(created);
        var now = instance.Time.GetUtcNow();
        var linkEvent = new LinkEvent(Guid.NewGuid().ToString("N"), LinkEventTypes.Generated, "dr-smith", "link-1", now, "{}");
        var protector = services.GetRequiredService<EventPayloadProtector>();
        var worker = services.GetRequiredService<IWebhookDeliveryWorker>();

        await worker.FanOutAsync(WebhookEventMessage.Write(linkEvent, protector));

        Assert.Equal(0, await worker.QueueDueAttemptsAsync());
        instance.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await worker.QueueDueAttemptsAsync());
        instance.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await worker.QueueDueAttemptsAsync());
    }
}
