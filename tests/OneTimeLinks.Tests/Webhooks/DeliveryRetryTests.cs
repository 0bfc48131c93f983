using System.Diagnostics.Metrics;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OneTimeLinks.Core.Telemetry;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>
/// A real receiver on loopback, verifying every delivery with the official StandardWebhooks package, answering in each
/// of the modes; the app retries on its stored schedule as the fake clock moves.
/// </summary>
public sealed class DeliveryRetryTests(AzuriteFixture azurite) : WebhookReceiverTests, IClassFixture<AzuriteFixture>
{
    private TestApp _app = null!;

    public override async Task InitializeAsync()
    {
        _app = await WebhookDeliveryHarness.StartAsync(azurite, new Dictionary<string, string?> { ["Webhooks:AttemptTimeout"] = "00:00:02" });
        await _app.CreateCalendarAsync(CalendarId);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Delivery_Receiver500ThreeTimesThen200_FourAttemptsSameWebhookIdThenSucceeded()
    {
        Receiver.Respond = (received, context) =>
        {
            context.Response.StatusCode = received.Ordinal <= 3 ? 500 : 200;
            return Task.CompletedTask;
        };
        var meters = _app.Services.GetRequiredService<IMeterFactory>();
        using var succeeded = new MetricCollector<long>(meters, LinkMetrics.MeterName, "onetimelinks.webhooks.deliveries.succeeded");
        using var retried = new MetricCollector<long>(meters, LinkMetrics.MeterName, "onetimelinks.webhooks.deliveries.retried");
        using var failed = new MetricCollector<long>(meters, LinkMetrics.MeterName, "onetimelinks.webhooks.deliveries.failed");
        using var latency = new MetricCollector<double>(meters, LinkMetrics.MeterName, "onetimelinks.webhooks.delivery.latency");
        var (id, secret) = await _app.SubscribeAsync(Receiver);
        var linkId = (await _app.GenerateLinkAsync(CalendarId))["linkId"]!.GetValue<string>();

        await Receiver.WaitForCountAsync(1);
        for (var attempt = 2; attempt <= 4; attempt++)
        {
            await _app.WaitForAttemptsAsync(id, attempt - 1);
            await _app.RetryDueAsync();
            await Receiver.WaitForCountAsync(attempt);
        }

        var delivery = await _app.WaitForDeliveryAsync(id, "succeeded");
        var deliveries = Receiver.Deliveries;
        Assert.Equal(4, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal([secret], d.VerifiedWith));
        var webhookId = Assert.Single(deliveries.Select(d => d.WebhookId).Distinct());
        Assert.Equal(delivery["eventId"]!.GetValue<string>(), webhookId);
        Assert.All(deliveries, d => Assert.Equal("application/cloudevents+json; charset=utf-8", d.ContentType));
        var cloudEvent = JsonNode.Parse(deliveries[0].Body)!.AsObject();
        Assert.Equal(webhookId, cloudEvent["id"]!.GetValue<string>());
        Assert.Equal(LinkEventTypes.Generated, cloudEvent["type"]!.GetValue<string>());
        Assert.Equal(linkId, cloudEvent["data"]!["linkId"]!.GetValue<string>());
        Assert.Equal([500, 500, 500, 200], delivery["attempts"]!.AsArray().Select(a => a!["statusCode"]!.GetValue<int>()));
        Assert.Null(delivery["nextAttemptAt"]?.GetValue<string>());
        Assert.Equal(0, (await _app.GetSubscriptionAsync(id))["consecutiveFailures"]!.GetValue<int>());
        Assert.Equal(1, succeeded.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(3, retried.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(0, failed.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(["failure", "failure", "failure", "success"], latency.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!));
        Assert.Empty(_app.Outbound.Refused);
    }

    [Fact]
    public async Task Delivery_Receiver410_SubscriptionDisabledAtOnce()
    {
        Receiver.Respond = (_, context) =>
        {
            context.Response.StatusCode = StatusCodes.Status410Gone;
            return Task.CompletedTask;
        };
        var (id, secret) = await _app.SubscribeAsync(Receiver);
        await _app.GenerateLinkAsync(CalendarId);

        var delivery = await _app.WaitForDeliveryAsync(id, "failed");
        var subscription = await _app.WaitForSubscriptionStatusAsync(id, "disabled");
        Assert.Equal(1, delivery["attemptCount"]!.GetValue<int>());
        Assert.Equal(1, subscription["consecutiveFailures"]!.GetValue<int>());

        // Nothing more goes to a disabled subscription, not even after the schedule's delay.
        await _app.GenerateLinkAsync(CalendarId);
        await _app.RetryDueAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal([secret], Assert.Single(Receiver.Deliveries).VerifiedWith);
        Assert.Empty(_app.Outbound.Refused);
    }

    [Fact]
    public async Task Delivery_ReceiverSleepsPastTheTimeout_RecordedAsTimeoutAndRetried()
    {
        Receiver.Respond = async (received, context) =>
        {
            if (received.Ordinal == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None);
            }
        };
        var (id, secret) = await _app.SubscribeAsync(Receiver);
        await _app.GenerateLinkAsync(CalendarId);

        var first = await _app.WaitForAttemptsAsync(id, 1);
        Assert.Equal("timeout", first["attempts"]![0]!["error"]!.GetValue<string>());
        Assert.Equal("pending", first["status"]!.GetValue<string>());
        await _app.RetryDueAsync();

        await _app.WaitForDeliveryAsync(id, "succeeded");
        Assert.Equal(2, Receiver.Deliveries.Count);
        Assert.All(Receiver.Deliveries, d => Assert.Equal([secret], d.VerifiedWith));
        Assert.Single(Receiver.Deliveries.Select(d => d.WebhookId).Distinct());
        Assert.Empty(_app.Outbound.Refused);
    }

    [Fact]
    public async Task Delivery_Receiver429WithRetryAfter_NextAttemptNotBeforeIt()
    {
        Receiver.Respond = (received, context) =>
        {
            if (received.Ordinal == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "120";
            }

            return Task.CompletedTask;
        };
        var (id, secret) = await _app.SubscribeAsync(Receiver);
        await _app.GenerateLinkAsync(CalendarId);

        var first = await _app.WaitForAttemptsAsync(id, 1);
        var attemptedAt = Instant(first["attempts"]![0]!["at"]);
        Assert.True(Instant(first["nextAttemptAt"]) >= attemptedAt.AddSeconds(120), first.ToJsonString());

        // The schedule's own delay (a second) has passed, the Retry-After not: nothing is sent.
        await _app.RetryDueAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(Receiver.Deliveries);

        await _app.RetryDueAsync(TimeSpan.FromSeconds(61));
        await _app.WaitForDeliveryAsync(id, "succeeded");
        Assert.Equal(2, Receiver.Deliveries.Count);
        Assert.All(Receiver.Deliveries, d => Assert.Equal([secret], d.VerifiedWith));
        Assert.Empty(_app.Outbound.Refused);
    }

    [Fact]
    public async Task Delivery_ReceiverRedirects_NotFollowedAndRetried()
    {
        Receiver.Respond = (_, context) =>
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = new Uri(Receiver.Url, "/elsewhere").ToString();
            return Task.CompletedTask;
        };
        var (id, secret) = await _app.SubscribeAsync(Receiver);
        await _app.GenerateLinkAsync(CalendarId);

        var first = await _app.WaitForAttemptsAsync(id, 1);
        Assert.Equal(302, first["attempts"]![0]!["statusCode"]!.GetValue<int>());
        Assert.Equal("pending", first["status"]!.GetValue<string>());
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(Receiver.Received, r => r.Path == "/elsewhere");
        Assert.Equal([secret], Assert.Single(Receiver.Deliveries).VerifiedWith);
        Assert.Empty(_app.Outbound.Refused);
    }

    [Fact]
    public async Task Delivery_FailingLongerThanDisableAfter_SubscriptionDisabledWithItsEvent()
    {
        await _app.DisposeAsync();
        _app = await WebhookDeliveryHarness.StartAsync(azurite, new Dictionary<string, string?> { ["Webhooks:DisableAfterFailingFor"] = "00:00:02" });
        await _app.CreateCalendarAsync(CalendarId);
        Receiver.Respond = (_, context) =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        };
        var (id, _) = await _app.SubscribeAsync(Receiver);
        await _app.GenerateLinkAsync(CalendarId);

        await _app.WaitForAttemptsAsync(id, 1);
        Assert.Equal("enabled", (await _app.GetSubscriptionAsync(id))["status"]!.GetValue<string>());
        for (var attempt = 2; attempt <= 3; attempt++)
        {
            await _app.RetryDueAsync();
            await _app.WaitForAttemptsAsync(id, attempt);
        }

        var subscription = await _app.WaitForSubscriptionStatusAsync(id, "disabled");
        Assert.Equal(3, subscription["consecutiveFailures"]!.GetValue<int>());
        Assert.Equal("failing", subscription["disabledReason"]!.GetValue<string>());

        // Its Disabled event went to the transport (here the local events queue, as Service Bus in Azure).
        var events = await new QueueClient(_app.Azurite.ConnectionString, _app.EventsQueueName).ReceiveMessagesAsync(32);
        var disabled = Assert.Single(
            events.Value.Select(m => JsonNode.Parse(m.Body.ToString())!), e => e["type"]!.GetValue<string>() == LinkEventTypes.WebhookDisabled);
        Assert.Equal(id, disabled["data"]!["subscriptionId"]!.GetValue<string>());
        Assert.Equal("failing", disabled["data"]!["reason"]!.GetValue<string>());
        Assert.All(Receiver.Deliveries, d => Assert.NotEmpty(d.VerifiedWith));
        Assert.Empty(_app.Outbound.Refused);
    }
}
