using System.Text.Json;
using OneTimeLinks.Core.WorkflowRequests;

namespace OneTimeLinks.Tests.Availability;

/// <summary>
/// CRM ids must come back exactly and address only themselves, whatever they hold. The host decodes a path once and
/// leaves "%2F" escaped, so "a/b-X" (sent "a%2Fb-X") and "a%2Fb-X" (sent "a%252Fb-X") reach the worker as the same
/// route value: the path form refuses it, and <c>busy-by-id?busyId=</c> addresses every id. Ids that differ only in how
/// an escape reads ("a%41" and "aA", "%25" and "%") are the ones a second decode would merge.
/// </summary>
public sealed class BusyIdRoundTripTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private protected override bool CapturesServiceBus => false;

    private static readonly string[] Ids =
    [
        "plain-1", "crm/appt#1", "a/b-X", "a%2Fb-X", "a%252Fb-X", "a%2fb-X", "%2F", "/", "//", "a b", "a+b", "a%2Bb", "100%",
        "%", "%25", "a%41", "aA", "ü-日本-🙂", "a?b&c=d", "..x", ".", "..", "semi;colon", "back\\slash", " lead-and-trail ",
    ];

    /// <summary>Ids whose path form every host reads back as the id: no "/", no "%2F", not a dot-segment.</summary>
    private static readonly string[] PathIds = [.. Ids.Where(id =>
        id is not ("." or "..") && !id.Contains('/', StringComparison.Ordinal) && !id.Contains("%2F", StringComparison.OrdinalIgnoreCase))];

    [Fact]
    public async Task BusyIds_OfEveryKindByQuery_PutListedAndDeletedAtTheirLocationEachWithoutTouchingTheOthers()
    {
        var locations = new Dictionary<string, Uri>();
        for (var i = 0; i < Ids.Length; i++)
        {
            using var put = await PutByQueryAsync(App, Ids[i], i);
            Assert.Equal(Ids[i], (await put.AssertJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>());
            locations[Ids[i]] = put.Headers.Location!;
        }

        var left = Ids.Select((id, i) => (id, $"title {i}")).ToList();
        Assert.Equal(left, await ListAsync(App));
        foreach (var id in Ids)
        {
            // The Location the create answered addresses exactly this id, whichever form it chose.
            using var deleted = await App.Management.DeleteAsync(locations[id]);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            left.RemoveAll(x => x.id == id);
            Assert.Equal(left, await ListAsync(App));
        }
    }

    [Fact]
    public async Task BusyIds_UnambiguousInAPath_PutByPathReplacedByQueryDeletedByPathEachWithoutTouchingTheOthers()
    {
        for (var i = 0; i < PathIds.Length; i++)
        {
            using var put = await App.PutBusyAsync(PathIds[i], FirstSlot.AddHours(i), FirstSlot.AddHours(i).AddMinutes(30), $"title {i}");
            Assert.Equal(PathIds[i], (await put.AssertJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>());
        }

        // Both forms name the same interval: a replace through the query lands on what the path created.
        var last = PathIds.Length - 1;
        using (var replaced = await App.Management.PutAsJsonAsync(ByQuery(PathIds[last]), new
        {
            start = BusyApi.Iso(FirstSlot.AddHours(last)), end = BusyApi.Iso(FirstSlot.AddHours(last).AddMinutes(45)), title = "replaced",
        }))
        {
            await replaced.AssertJsonAsync(HttpStatusCode.OK);
        }

        var left = PathIds.Select((id, i) => (id, i == last ? "replaced" : $"title {i}")).ToList();
        Assert.Equal(left, await ListAsync(App));
        foreach (var id in PathIds)
        {
            using var deleted = await App.DeleteBusyAsync(id);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            left.RemoveAll(x => x.id == id);
            Assert.Equal(left, await ListAsync(App));
        }
    }

    [Theory]
    [InlineData("a%2Fb-X")] // "a/b-X" escaped
    [InlineData("a%252Fb-X")] // the literal id "a%2Fb-X" escaped: the host hands it on as "a%2Fb-X" too
    [InlineData("a%2fb-X")]
    [InlineData("%252F")]
    public async Task BusyPath_HoldingAnEscapedSlash_Is422NamingBusyIdAndTouchesNeitherReading(string rawSegment)
    {
        using (var slash = await PutByQueryAsync(App, "a/b-X", 0))
        using (var literal = await PutByQueryAsync(App, "a%2Fb-X", 1))
        {
            await slash.AssertJsonAsync(HttpStatusCode.Created);
            await literal.AssertJsonAsync(HttpStatusCode.Created);
        }

        var rowsBefore = await App.RowsAsync();
        var path = $"/api/calendars/{CalendarId}/busy/{rawSegment}";
        using var put = await App.Management.PutAsJsonAsync(
            path, new { start = BusyApi.Iso(FirstSlot.AddHours(5)), end = BusyApi.Iso(FirstSlot.AddHours(6)), title = "intruder" });
        using var delete = await App.Management.DeleteAsync(path);

        foreach (var response in new[] { put, delete })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal(["busyId"], problem["errors"]!.AsObject().Select(e => e.Key));
        }

        Assert.Equal(rowsBefore, await App.RowsAsync());
        Assert.Equal([("a/b-X", "title 0"), ("a%2Fb-X", "title 1")], await ListAsync(App));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?busyId=a&busyId=b")]
    [InlineData("?id=a")]
    public async Task BusyByQuery_WithoutExactlyOneBusyId_Is422NamingBusyIdAndWritesNothing(string query)
    {
        var rowsBefore = await App.RowsAsync();

        using var put = await App.Management.PutAsJsonAsync(
            $"/api/calendars/{CalendarId}/busy-by-id{query}", new { start = BusyApi.Iso(FirstSlot), end = BusyApi.Iso(FirstSlot.AddHours(1)) });
        using var delete = await App.Management.DeleteAsync($"/api/calendars/{CalendarId}/busy-by-id{query}");

        foreach (var response in new[] { put, delete })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal(["busyId"], problem["errors"]!.AsObject().Select(e => e.Key));
        }

        Assert.Equal(rowsBefore, await App.RowsAsync());
    }

    [Fact]
    public async Task BusyIds_OfEveryKind_TheQueueAndHttpAddressTheSameInterval()
    {
        var processor = App.Services.GetRequiredService<WorkflowRequestProcessor>();

        // Even ids arrive by queue and leave by HTTP; odd ones the other way round.
        for (var i = 0; i < Ids.Length; i++)
        {
            if (i % 2 == 0)
            {
                await processor.ProcessAsync(JsonSerializer.Serialize(new
                {
                    type = "busy.upsert", calendarId = CalendarId, busyId = Ids[i],
                    start = BusyApi.Iso(FirstSlot.AddHours(i)), end = BusyApi.Iso(FirstSlot.AddHours(i).AddMinutes(30)), title = $"title {i}",
                }));
            }
            else
            {
                using var put = await PutByQueryAsync(App, Ids[i], i);
                await put.AssertJsonAsync(HttpStatusCode.Created);
            }
        }

        var left = Ids.Select((id, i) => (id, $"title {i}")).ToList();
        Assert.Equal(left, await ListAsync(App));
        for (var i = 0; i < Ids.Length; i++)
        {
            if (i % 2 == 0)
            {
                using var deleted = await App.Management.DeleteAsync(ByQuery(Ids[i]));
                Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            }
            else
            {
                await processor.ProcessAsync(JsonSerializer.Serialize(new { type = "busy.delete", calendarId = CalendarId, busyId = Ids[i] }));
            }

            left.RemoveAll(x => x.id == Ids[i]);
            Assert.Equal(left, await ListAsync(App));
        }
    }

    private static string ByQuery(string busyId) => $"/api/calendars/{CalendarId}/busy-by-id?busyId={Uri.EscapeDataString(busyId)}";

    private static Task<HttpResponseMessage> PutByQueryAsync(TestApp app, string busyId, int i) =>
        app.Management.PutAsJsonAsync(
            ByQuery(busyId),
            new { start = BusyApi.Iso(FirstSlot.AddHours(i)), end = BusyApi.Iso(FirstSlot.AddHours(i).AddMinutes(30)), title = $"title {i}" });

    private static async Task<List<(string Id, string Title)>> ListAsync(TestApp app)
    {
        using var response = await app.ListBusyAsync(FirstSlot.AddDays(-1), FirstSlot.AddDays(2), "&pageSize=100");
        var body = await response.AssertJsonAsync(HttpStatusCode.OK);
        return [.. body["intervals"]!.AsArray().Select(i => (i!["id"]!.GetValue<string>(), i["title"]!.GetValue<string>()))];
    }
}
