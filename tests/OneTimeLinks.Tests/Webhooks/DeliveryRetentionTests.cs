using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Sweeping;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>
/// Ended deliveries are purged by the sweep <c>Retention:WebhookDeliveries</c> after their last attempt, found through
/// the due index like every other purge; a failed one stays redeliverable until then, and a redelivery keeps it.
/// The retention is ten minutes here so that every attempt stays within the verifier's five-minute timestamp window.
/// </summary>
public sealed class DeliveryRetentionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    // Test pings reach a subscription whatever its filter; this one keeps out the Webhook.Disabled event a 410 causes.
    private static readonly string[] OnlyLinkUsed = [LinkEventTypes.Used];

    [Fact]
    public async Task Sweep_AfterTheRetention_PurgesTheEndedDeliveryAndKeepsOneNotYetDue()
    {
        await using var app = await StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, _) = await app.SubscribeAsync(receiver, OnlyLinkUsed);
        var first = await PingAsync(app, id);
        await WaitForEndedAsync(app, id, 1);
        app.Time.Advance(TimeSpan.FromMinutes(3));
        var second = await PingAsync(app, id);
        await WaitForEndedAsync(app, id, 2);
        var sweep = app.Services.GetRequiredService<ISweepService>();

        app.Time.Advance(Retention - TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await sweep.SweepAsync()).Purged);
        Assert.Equal([second], Ids(await app.GetDeliveriesAsync(id)));
        Assert.DoesNotContain(await DeliveryRowsAsync(app, id), key => key.Contains(first, StringComparison.Ordinal));

        app.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, (await sweep.SweepAsync()).Purged);
        Assert.Empty(await app.GetDeliveriesAsync(id));
        Assert.Empty(await DeliveryRowsAsync(app, id));
        Assert.Equal(0, (await sweep.SweepAsync()).Purged);
    }

    [Fact]
    public async Task Redeliver_AFailedDeliveryBeforeItsRetention_KeepsItUntilTheRetentionAfterTheNewAttempt()
    {
        await using var app = await StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, context) =>
        {
            context.Response.StatusCode = StatusCodes.Status410Gone;
            return Task.CompletedTask;
        };
        var (id, _) = await app.SubscribeAsync(receiver, OnlyLinkUsed);
        var delivery = await PingAsync(app, id);
        await app.WaitForDeliveryAsync(id, "failed");

        // The 410 disables the subscription after the delivery is recorded: enabling it before then would be undone.
        await app.WaitForSubscriptionStatusAsync(id, "disabled");
        var sweep = app.Services.GetRequiredService<ISweepService>();

        receiver.Respond = (_, _) => Task.CompletedTask;
        app.Time.Advance(TimeSpan.FromMinutes(4));
        using (var enable = await app.PatchWebhookAsync(id, """{"status":"enabled"}"""))
        {
            await enable.AssertJsonAsync(HttpStatusCode.OK);
        }

        using (var again = await app.Management.PostAsync($"/api/webhooks/{id}/deliveries/{delivery}/redeliver", null))
        {
            await again.AssertJsonAsync(HttpStatusCode.Accepted);
        }

        await app.WaitForDeliveryAsync(id, "succeeded");

        // Past the first ending's retention: the redelivery took that purge row away with it.
        app.Time.Advance(Retention - TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await sweep.SweepAsync()).Purged);
        Assert.Equal([delivery], Ids(await app.GetDeliveriesAsync(id)));

        app.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, (await sweep.SweepAsync()).Purged);
        Assert.Empty(await app.GetDeliveriesAsync(id));
        Assert.Equal(2, receiver.Deliveries.Count);
    }

    private Task<TestApp> StartAsync() =>
        WebhookDeliveryHarness.StartAsync(azurite, new Dictionary<string, string?> { ["Retention:WebhookDeliveries"] = Retention.ToString("c") });

    private static async Task<string> PingAsync(TestApp app, string id)
    {
        using var ping = await app.Management.PostAsync($"/api/webhooks/{id}/test", null);
        return (await ping.AssertJsonAsync(HttpStatusCode.Accepted))["deliveryId"]!.GetValue<string>();
    }

    /// <summary>Polls until <paramref name="count"/> deliveries exist and none is pending (they are recorded after the answer).</summary>
    private static async Task WaitForEndedAsync(TestApp app, string id, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var deliveries = await app.GetDeliveriesAsync(id);
            if (deliveries.Count == count && deliveries.All(d => d!["status"]!.GetValue<string>() == "succeeded"))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The deliveries of {id} never were {count} succeeded: {deliveries.ToJsonString()}");
            }

            await Task.Delay(100);
        }
    }

    private static List<string> Ids(JsonArray deliveries) => [.. deliveries.Select(d => d!["id"]!.GetValue<string>())];

    /// <summary>Every row left in the subscription's delivery partition (deliveries, due rows, purge rows).</summary>
    private static async Task<List<string>> DeliveryRowsAsync(TestApp app, string id)
    {
        var rows = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.WebhookDeliveryPartition(id)}");
        await foreach (var row in app.Table.QueryAsync<TableEntity>(filter, select: ["RowKey"]))
        {
            rows.Add(row.RowKey);
        }

        return rows;
    }
}
