using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Sweeping;
using OneTimeLinks.Core.Webhooks;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>
/// The process dies at the two places where at-least-once could break: after the outbox commit and before the webhook
/// hand-off, and after the receiver's 2xx and before the delivery records it. The receiver still gets each event, by its
/// id, at least once, and no repeat carries a new id.
/// </summary>
public sealed class DeliveryCrashTests(AzuriteFixture azurite) : WebhookReceiverTests, IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Delivery_HandOffFailsAfterTheOutboxCommit_SweepHandsItOverWithTheSameId()
    {
        var handOff = new SwitchableHandOff { Failing = true };
        await using var app = await WebhookDeliveryHarness.StartAsync(azurite, services: services =>
            services.AddSingleton<IWebhookHandOff>(sp => handOff.Around(new WebhookHandOff(sp.GetRequiredService<WebhookQueues>()))));
        await app.CreateCalendarAsync(CalendarId);
        var (id, secret) = await app.SubscribeAsync(Receiver);

        var linkId = (await app.GenerateLinkAsync(CalendarId))["linkId"]!.GetValue<string>();
        var outboxed = Assert.Single(await OutboxEventIdsAsync(app));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(Receiver.Deliveries);
        Assert.Empty(await app.GetDeliveriesAsync(id));

        // The process is gone; a later sweep finds the event still in the outbox and publishes it on both channels.
        handOff.Failing = false;
        app.Time.Advance(TimeSpan.FromMinutes(2));
        await app.Services.GetRequiredService<ISweepService>().SweepAsync();

        var delivered = await Receiver.WaitForCountAsync(1);
        await app.WaitForDeliveryAsync(id, "succeeded");
        Assert.All(delivered, d => Assert.Equal(outboxed, d.WebhookId));
        Assert.All(delivered, d => Assert.Equal([secret], d.VerifiedWith));
        Assert.Contains(linkId, delivered[0].Body, StringComparison.Ordinal);
        Assert.Empty(await OutboxEventIdsAsync(app));
        Assert.Empty(app.Outbound.Refused);
    }

    [Fact]
    public async Task Delivery_DiesBetweenTheReceiversAnswerAndTheRecord_SentAgainWithTheSameId()
    {
        var store = new DroppingRecordStore();
        await using var app = await WebhookDeliveryHarness.StartAsync(azurite, services: services =>
            services.AddSingleton<IWebhookDeliveryStore>(sp => store.Around(ActivatorUtilities.CreateInstance<TableWebhookDeliveryStore>(sp))));
        await app.CreateCalendarAsync(CalendarId);
        var (id, secret) = await app.SubscribeAsync(Receiver);
        store.DropNextRecord = true;

        await app.GenerateLinkAsync(CalendarId);
        await Receiver.WaitForCountAsync(1);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var leased = Assert.Single(await app.GetDeliveriesAsync(id));
        Assert.Equal("pending", leased!["status"]!.GetValue<string>());
        Assert.Equal(0, leased["attemptCount"]!.GetValue<int>());

        // Nothing is sent again while the dead attempt's lease lasts; after it, the retry timer finds the delivery due.
        await app.RetryDueAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(Receiver.Deliveries);
        await app.RetryDueAsync(TimeSpan.FromMinutes(3));

        var delivered = await Receiver.WaitForCountAsync(2);
        var delivery = await app.WaitForDeliveryAsync(id, "succeeded");
        Assert.Equal(2, delivered.Count);
        Assert.Single(delivered.Select(d => d.WebhookId).Distinct());
        Assert.Equal(delivery["eventId"]!.GetValue<string>(), delivered[0].WebhookId);
        Assert.All(delivered, d => Assert.Equal([secret], d.VerifiedWith));
        Assert.Empty(app.Outbound.Refused);
    }

    private static async Task<List<string>> OutboxEventIdsAsync(TestApp app) =>
        [.. (await app.RowsAsync()).Where(r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal)).Select(r => r.RowKey["outbox|".Length..])];

    private sealed class SwitchableHandOff
    {
        public volatile bool Failing;

        public IWebhookHandOff Around(IWebhookHandOff inner) => new Switched(this, inner);

        private sealed class Switched(SwitchableHandOff owner, IWebhookHandOff inner) : IWebhookHandOff
        {
            public Task HandOffAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default) =>
                owner.Failing ? throw new IOException("The process died before the hand-off.") : inner.HandOffAsync(events, cancellationToken);
        }
    }

    /// <summary>Drops the write that records an attempt's outcome once, as if the process died right after the receiver's answer.</summary>
    private sealed class DroppingRecordStore
    {
        public volatile bool DropNextRecord;

        public IWebhookDeliveryStore Around(IWebhookDeliveryStore inner) => new Dropping(this, inner);

        private sealed class Dropping(DroppingRecordStore owner, IWebhookDeliveryStore inner) : IWebhookDeliveryStore
        {
            public Task<bool> TryCreateAsync(
                string subscriptionId, LinkEvent linkEvent, DateTimeOffset now, DateTimeOffset timerFrom, CancellationToken cancellationToken = default) =>
                inner.TryCreateAsync(subscriptionId, linkEvent, now, timerFrom, cancellationToken);

            public Task<StoredWebhookDelivery?> GetAsync(string subscriptionId, string deliveryId, CancellationToken cancellationToken = default) =>
                inner.GetAsync(subscriptionId, deliveryId, cancellationToken);

            public Task<StoredWebhookDelivery?> TryReplaceAsync(StoredWebhookDelivery current, StoredWebhookDelivery updated, CancellationToken cancellationToken = default)
            {
                var records = updated.Delivery.AttemptCount > current.Delivery.AttemptCount;
                if (records && owner.DropNextRecord)
                {
                    owner.DropNextRecord = false;
                    throw new OperationCanceledException("The process died after the receiver's answer.");
                }

                return inner.TryReplaceAsync(current, updated, cancellationToken);
            }

            public Task<IReadOnlyList<string>> GetDueAsync(string subscriptionId, DateTimeOffset now, int max, CancellationToken cancellationToken = default) =>
                inner.GetDueAsync(subscriptionId, now, max, cancellationToken);

            public Task<WebhookDeliveryPage> ListAsync(
                string subscriptionId, WebhookDeliveryStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken = default) =>
                inner.ListAsync(subscriptionId, status, pageSize, continuationToken, cancellationToken);

            public IAsyncEnumerable<DueDeliveryPurge> GetDuePurgesAsync(string subscriptionId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
                inner.GetDuePurgesAsync(subscriptionId, now, cancellationToken);

            public Task<bool> TryPurgeAsync(DueDeliveryPurge due, CancellationToken cancellationToken = default) =>
                inner.TryPurgeAsync(due, cancellationToken);
        }
    }
}
