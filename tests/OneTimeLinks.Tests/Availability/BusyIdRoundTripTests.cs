using System.Net;
using OneTimeLinks.Tests.Infrastructure;
using static OneTimeLinks.Tests.Infrastructure.ApiTestHelpers;

namespace OneTimeLinks.Tests.Availability;

/// <summary>
/// CRM ids travel URL-escaped in one path segment; each must come back exactly and address only itself. Ids that differ
/// only in how an escape reads ("a%41" and "aA", "%25" and "%") are the ones a second decode would merge.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BusyIdRoundTripTests(AzuriteFixture azurite)
{
    private static readonly string[] Ids =
    [
        "plain-1", "crm/appt#1", "a b", "a+b", "a%2Bb", "100%", "%", "%25", "a%41", "aA", "ü-日本-🙂", "a?b&c=d", "..x", "semi;colon",
    ];

    [Fact]
    public async Task BusyIds_OfEveryKind_PutListedAndDeletedEachWithoutTouchingTheOthers()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var start = FirstSlot;
        for (var i = 0; i < Ids.Length; i++)
        {
            using var put = await app.PutBusyAsync(Ids[i], start.AddHours(i), start.AddHours(i).AddMinutes(30), $"title {i}");
            var body = await put.AssertJsonAsync(HttpStatusCode.Created);
            Assert.Equal(Ids[i], body["id"]!.GetValue<string>());
        }

        Assert.Equal(Ids.Select((id, i) => (id, $"title {i}")), await ListAsync(app));
        var left = Ids.Select((id, i) => (id, $"title {i}")).ToList();
        foreach (var id in Ids)
        {
            using var deleted = await app.DeleteBusyAsync(id);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            left.RemoveAll(x => x.id == id);
            Assert.Equal(left, await ListAsync(app));
        }
    }

    private static async Task<List<(string Id, string Title)>> ListAsync(TestApp app)
    {
        using var response = await app.ListBusyAsync(FirstSlot.AddDays(-1), FirstSlot.AddDays(1), "&pageSize=100");
        var body = await response.AssertJsonAsync(HttpStatusCode.OK);
        return [.. body["intervals"]!.AsArray().Select(i => (i!["id"]!.GetValue<string>(), i["title"]!.GetValue<string>()))];
    }
}
