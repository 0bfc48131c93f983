namespace OneTimeLinks.Tests.Webhooks;

/// <summary>The test ping, the delivery log and redelivery, over HTTP, to a verifying receiver; and their bad input.</summary>
public sealed class DeliveryRouteTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task TestPingThenRedeliver_SameWebhookIdTwice_LoggedAsOneDeliveryWithTwoAttempts()
    {
        await using var app = await WebhookDeliveryHarness.StartAsync(azurite);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, secret) = await app.SubscribeAsync(receiver);

        using var ping = await app.Management.PostAsync($"/api/webhooks/{id}/test", null);
        var deliveryId = (await ping.AssertJsonAsync(HttpStatusCode.Accepted))["deliveryId"]!.GetValue<string>();
        var first = (await receiver.WaitForCountAsync(1))[0];
        Assert.Equal(deliveryId, first.WebhookId);
        Assert.Equal(LinkEventTypes.WebhookTest, JsonNode.Parse(first.Body)!["type"]!.GetValue<string>());
        await app.WaitForDeliveryAsync(id, "succeeded");

        using var again = await app.Management.PostAsync($"/api/webhooks/{id}/deliveries/{deliveryId}/redeliver", null);
        Assert.Equal("pending", (await again.AssertJsonAsync(HttpStatusCode.Accepted))["status"]!.GetValue<string>());
        var delivered = await receiver.WaitForCountAsync(2);
        Assert.All(delivered, d => Assert.Equal(deliveryId, d.WebhookId));
        Assert.All(delivered, d => Assert.Equal([secret], d.VerifiedWith));

        var logged = await app.WaitForAttemptsAsync(id, 2);
        Assert.Equal(deliveryId, logged["id"]!.GetValue<string>());
        Assert.Equal(LinkEventTypes.WebhookTest, logged["eventType"]!.GetValue<string>());
        Assert.Single(await app.GetDeliveriesAsync(id, "?status=succeeded"));
        Assert.Empty(await app.GetDeliveriesAsync(id, "?status=failed&pageSize=1"));
        Assert.Empty(app.Outbound.Refused);
    }

    [Theory]
    [InlineData("?status=done", "status")]
    [InlineData("?status=Pending", "status")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=201", "pageSize")]
    [InlineData("?pageSize=ten", "pageSize")]
    [InlineData("?continuation=bm90LW91cnM", "continuation")]
    public async Task ListDeliveries_BadQuery_422NamingTheField(string query, string field)
    {
        await using var app = await WebhookDeliveryHarness.StartAsync(azurite);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, _) = await app.SubscribeAsync(receiver);

        using var response = await app.Management.GetAsync($"/api/webhooks/{id}/deliveries{query}");
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Theory]
    [InlineData("POST", "/api/webhooks/wh_0000000000000000000000/test")]
    [InlineData("POST", "/api/webhooks/not-an-id/test")]
    [InlineData("GET", "/api/webhooks/wh_0000000000000000000000/deliveries")]
    [InlineData("POST", "/api/webhooks/{id}/deliveries/0123456789abcdef0123456789abcdef/redeliver")]
    [InlineData("POST", "/api/webhooks/{id}/deliveries/not-a-delivery/redeliver")]
    [InlineData("POST", "/api/webhooks/{id}/deliveries/%23%3F%2F/redeliver")]
    public async Task DeliveryRoutes_UnknownOrMalformedIds_404AndNothingWritten(string method, string path)
    {
        await using var app = await WebhookDeliveryHarness.StartAsync(azurite);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, _) = await app.SubscribeAsync(receiver);
        var before = await app.RowsAsync();

        using var response = await app.Management.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", id, StringComparison.Ordinal)));
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(before, await app.RowsAsync());
        Assert.Empty(receiver.Received);
    }
}
