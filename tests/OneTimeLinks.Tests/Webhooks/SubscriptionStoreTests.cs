using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Webhooks;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>The subscription store against Azurite: the limit under concurrent creates, deletes, conditional replaces.</summary>
public sealed class SubscriptionStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task TryAddAsync_TenConcurrentCreatesWithRoomForThree_ExactlyThreeAdded()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var store = app.Services.GetRequiredService<IWebhookStore>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var creates = Enumerable.Range(0, 10).Select(async i =>
        {
            await gate.Task;
            return await store.TryAddAsync(Webhook(app, $"wh_{i}"), maxSubscriptions: 3);
        }).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(creates);

        Assert.Equal(3, results.Count(r => r == WebhookAddResult.Added));
        Assert.Equal(7, results.Count(r => r == WebhookAddResult.LimitReached));
        Assert.Equal(3, (await store.ListAllAsync()).Count);
    }

    [Fact]
    public async Task DeleteAsync_Existing_FreesItsPlace_Missing_IsFalse()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var store = app.Services.GetRequiredService<IWebhookStore>();
        Assert.Equal(WebhookAddResult.Added, await store.TryAddAsync(Webhook(app, "wh_a"), maxSubscriptions: 1));
        Assert.Equal(WebhookAddResult.LimitReached, await store.TryAddAsync(Webhook(app, "wh_b"), maxSubscriptions: 1));

        Assert.Equal(WebhookDeleteResult.Deleted, await store.DeleteAsync("wh_a"));
        Assert.Equal(WebhookDeleteResult.NotFound, await store.DeleteAsync("wh_a"));

        Assert.Equal(WebhookAddResult.Added, await store.TryAddAsync(Webhook(app, "wh_b"), maxSubscriptions: 1));
        Assert.Equal(["wh_b"], (await store.ListAllAsync()).Select(w => w.Subscription.Id));
    }

    [Fact]
    public async Task TryReplaceAsync_StaleVersion_IsNullAndChangesNothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var store = app.Services.GetRequiredService<IWebhookStore>();
        await store.TryAddAsync(Webhook(app, "wh_a"), maxSubscriptions: 10);
        var read = (await store.GetAsync("wh_a"))!;

        var first = await store.TryReplaceAsync(read with { Subscription = read.Subscription with { Description = "first" } });
        var stale = await store.TryReplaceAsync(read with { Subscription = read.Subscription with { Description = "stale" } });

        Assert.NotNull(first);
        Assert.NotEqual(read.Version, first.Version);
        Assert.Null(stale);
        Assert.Equal("first", (await store.GetAsync("wh_a"))!.Subscription.Description);
    }

    private static StoredWebhook Webhook(TestApp app, string id) => new(
        new WebhookSubscription(id, new Uri("https://crm.example.test/hooks"), [], ["dr-smith"], null, WebhookStatus.Enabled, app.Time.GetUtcNow(), null, 0),
        "protected",
        null,
        null,
        "");
}
