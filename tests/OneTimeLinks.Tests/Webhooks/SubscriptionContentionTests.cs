using Azure.Data.Tables;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Tests.Faults;
using static OneTimeLinks.Tests.Webhooks.SubscriptionTestHelpers;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>
/// PATCH and DELETE of a subscription whose row changes under every write (deliveries record their outcomes on it):
/// after the store's last round the answer is a 409 problem of its own type, and the subscription is as it was.
/// </summary>
public sealed class SubscriptionContentionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string ContendedType = "urn:onetimelinks:problem:webhook-contended";

    [Fact]
    public async Task Patch_EveryReplaceLosesItsETagRace_Is409AndTheSubscriptionIsUnchanged()
    {
        var rival = new RivalWritePolicy();
        await using var app = await StartWithRivalAsync(rival);
        var id = await CreateAsync(app);
        var before = await ReadAsync(app, id);

        rival.Arm(app.Table, TableKeys.WebhookPartition, TableKeys.WebhookRow(id));
        using var patch = await app.PatchWebhookAsync(id, """{"description":"renamed","status":"disabled","eventTypes":["OneTimeLinks.Link.Used"]}""");
        rival.Disarm();

        var problem = await patch.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(ContendedType, problem["type"]!.GetValue<string>());
        Assert.True(rival.RivalWrites >= 2, $"The store gave up after {rival.RivalWrites} write(s); it should read again and retry.");
        Assert.Equal(before, await ReadAsync(app, id));
    }

    [Fact]
    public async Task Delete_EveryTransactionLosesItsETagRace_Is409AndTheSubscriptionIsStillThere()
    {
        var rival = new RivalWritePolicy();
        await using var app = await StartWithRivalAsync(rival);
        var id = await CreateAsync(app);
        var before = await ReadAsync(app, id);

        rival.Arm(app.Table, TableKeys.WebhookPartition, TableKeys.WebhookRow(id));
        using var delete = await app.Management.DeleteAsync(new Uri($"/api/webhooks/{id}", UriKind.Relative));
        rival.Disarm();

        var problem = await delete.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(ContendedType, problem["type"]!.GetValue<string>());
        Assert.True(rival.RivalWrites >= 2, $"The store gave up after {rival.RivalWrites} write(s); it should read again and retry.");
        Assert.Equal(before, await ReadAsync(app, id));
        var count = await app.Table.GetEntityAsync<TableEntity>(TableKeys.WebhookPartition, TableKeys.WebhookCountRow);
        Assert.Equal(1, count.Value.GetInt32("Count"));

        // The same delete without a rival goes through: the 409 was the race, not the request.
        using var again = await app.Management.DeleteAsync(new Uri($"/api/webhooks/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
    }

    /// <summary>The app with the rival policy on its table client's pipeline.</summary>
    private Task<TestApp> StartWithRivalAsync(RivalWritePolicy rival) =>
        StartAsync(azurite, services: services => services.ReplaceTableClient(rival));

    private static async Task<string> CreateAsync(TestApp app)
    {
        using var created = await app.CreateWebhookAsync(new { url = ReceiverUrl, description = "CRM main" });
        return (await created.AssertJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
    }

    /// <summary>The subscription as GET answers it, as text: any changed field shows.</summary>
    private static async Task<string> ReadAsync(TestApp app, string id)
    {
        using var get = await app.GetWebhookAsync(id);
        return (await get.AssertJsonAsync(HttpStatusCode.OK)).ToJsonString();
    }
}
