using OneTimeLinks.Core.Webhooks;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>
/// What the delivery tests share: an app that may deliver to plain http on loopback, whose clock starts at the real now
/// (the official verifier checks webhook-timestamp against the machine's clock, within five minutes) and whose retry
/// schedule is in seconds, so a test walks the whole schedule by advancing the fake clock a little and running the
/// retry timer's work.
/// </summary>
internal static class WebhookDeliveryHarness
{
    /// <summary>The schedule in tests: the same number of attempts as the standard one, a second apart.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public static Task<TestApp> StartAsync(
        AzuriteFixture azurite, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?> { ["Webhooks:AllowLoopbackHttp"] = "true" };
        for (var i = 0; i < WebhookDeliveryOptions.StandardRetryDelays.Count; i++)
        {
            all[$"Webhooks:RetryDelays:{i}"] = RetryDelay.ToString("c");
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        return TestApp.StartAsync(azurite, all, services, now);
    }

    /// <summary>POST /api/webhooks: the subscription's id and its secret, which the receiver then verifies with.</summary>
    public static async Task<(string Id, string Secret)> SubscribeAsync(
        this TestApp app, WebhookReceiver receiver, string[]? eventTypes = null, string[]? calendarIds = null)
    {
        using var response = await app.Management.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url.ToString(), eventTypes, calendarIds });
        var created = await response.AssertJsonAsync(HttpStatusCode.Created);
        var secret = created["secret"]!.GetValue<string>();
        receiver.Secrets = [.. receiver.Secrets, secret];
        return (created["id"]!.GetValue<string>(), secret);
    }

    /// <summary>Moves the clock past the next retry (the schedule's jitter is ±10 %) and runs the retry timer's work.</summary>
    public static async Task RetryDueAsync(this TestApp app, TimeSpan? by = null)
    {
        app.Time.Advance(by ?? RetryDelay * 1.2);
        await app.Services.GetRequiredService<IWebhookDeliveryWorker>().QueueDueAttemptsAsync();
    }

    public static async Task<JsonObject> GetSubscriptionAsync(this TestApp app, string id)
    {
        using var response = await app.Management.GetAsync($"/api/webhooks/{id}");
        return await response.AssertJsonAsync(HttpStatusCode.OK);
    }

    public static async Task<JsonArray> GetDeliveriesAsync(this TestApp app, string id, string query = "")
    {
        using var response = await app.Management.GetAsync($"/api/webhooks/{id}/deliveries{query}");
        return (await response.AssertJsonAsync(HttpStatusCode.OK))["deliveries"]!.AsArray();
    }

    /// <summary>
    /// Polls the subscription until its status is <paramref name="status"/>: an attempt's effect on the subscription
    /// (a 410's disable) is written after the delivery's own record.
    /// </summary>
    public static async Task<JsonObject> WaitForSubscriptionStatusAsync(this TestApp app, string id, string status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var subscription = await app.GetSubscriptionAsync(id);
            if (subscription["status"]!.GetValue<string>() == status || DateTime.UtcNow > deadline)
            {
                Assert.Equal(status, subscription["status"]!.GetValue<string>());
                return subscription;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Polls the delivery log until one delivery has <paramref name="status"/> (deliveries are recorded after the answer).</summary>
    public static async Task<JsonObject> WaitForDeliveryAsync(this TestApp app, string id, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var deliveries = await app.GetDeliveriesAsync(id);
            if (deliveries.Select(d => d!.AsObject()).FirstOrDefault(d => d["status"]!.GetValue<string>() == status) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No delivery of {id} became {status}: {deliveries.ToJsonString()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Polls until the delivery log holds <paramref name="attempts"/> attempts on its one delivery.</summary>
    public static async Task<JsonObject> WaitForAttemptsAsync(this TestApp app, string id, int attempts, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var deliveries = await app.GetDeliveriesAsync(id);
            if (deliveries.Count == 1 && deliveries[0]!["attemptCount"]!.GetValue<int>() >= attempts)
            {
                return deliveries[0]!.AsObject();
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The delivery of {id} never had {attempts} attempts: {deliveries.ToJsonString()}");
            }

            await Task.Delay(100);
        }
    }
}
