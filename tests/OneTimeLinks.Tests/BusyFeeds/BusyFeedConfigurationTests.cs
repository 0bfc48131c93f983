using OneTimeLinks.Core.Availability;
using static OneTimeLinks.Tests.BusyFeeds.BusyFeedTestHelpers;

namespace OneTimeLinks.Tests.BusyFeeds;

/// <summary>
/// A calendar's iCalendar feeds of busy time, configured one by one or all at once through the calendar PUT: at most
/// five, refreshed every 5 to 1440 minutes (15 by default), the URL stored encrypted.
/// </summary>
public sealed class BusyFeedConfigurationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // As the API writes it: '+' in offsets unescaped.
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task PutFeed_NewThenChanged_Is201Then200AndTheCalendarShowsIt()
    {
        await using var app = await StartAsync(azurite);

        using var created = await app.PutFeedAsync("work", new { url = FeedUrl });
        var body = await created.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal(("work", FeedUrl, 15), (body["id"]!.GetValue<string>(), body["url"]!.GetValue<string>(), body["refreshMinutes"]!.GetValue<int>()));
        Assert.EndsWith($"/api/calendars/{ApiTestHelpers.CalendarId}/busy-feeds/work", created.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var changed = await app.PutFeedAsync("work", new { url = FeedUrl, refreshMinutes = 60 });
        Assert.Equal(60, (await changed.AssertJsonAsync(HttpStatusCode.OK))["refreshMinutes"]!.GetValue<int>());

        var feeds = await app.FeedsAsync();
        // Never refreshed yet: no lastSyncedAt or lastError; next due on the next whole hour after the pinned 07:00.
        Assert.Equal("""[{"id":"work","url":"https://calendar.example.test/calendar/ical/owner%40example.test/private-0123456789abcdef/basic.ics","refreshMinutes":60,"eventCount":0,"consecutiveFailures":0,"nextRefreshAt":"2026-12-07T08:00:00+00:00","conflicts":[]}]""", feeds.ToJsonString(Relaxed));
        Assert.Empty(app.Outbound.Asked);
    }

    [Fact]
    public async Task PutFeed_SixthFeed_Is422OfItsOwnTypeAndWritesNothing()
    {
        await using var app = await StartAsync(azurite);
        for (var i = 1; i <= 5; i++)
        {
            using var ok = await app.PutFeedAsync($"f{i}", new { url = FeedUrl });
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        var rowsBefore = await app.RowsAsync();
        using var sixth = await app.PutFeedAsync("f6", new { url = FeedUrl });

        var problem = await sixth.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:onetimelinks:problem:busy-feed-limit", problem["type"]!.GetValue<string>());
        Assert.Equal(rowsBefore, await app.RowsAsync());
        Assert.Equal(5, (await app.FeedsAsync()).Count);

        // Replacing one of the five is not a sixth.
        using var replaced = await app.PutFeedAsync("f3", new { url = FeedUrl, refreshMinutes = 1440 });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
    }

    [Fact]
    public async Task PutFeed_TenNewFeedsAtOnce_ExactlyFiveStored()
    {
        await using var app = await StartAsync(azurite);

        var answers = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => app.PutFeedAsync($"f{i}", new { url = FeedUrl })));

        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.UnprocessableEntity, a.StatusCode));
        Assert.Equal(5, (await app.FeedsAsync()).Count);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task PutCalendar_WithBusyFeeds_ReplacesThemAndWithoutBusyFeeds_KeepsThem()
    {
        await using var app = await StartAsync(azurite);
        (await app.PutFeedAsync("old", new { url = FeedUrl })).Dispose();

        using (var put = await app.Management.PutAsJsonAsync(
            $"/api/calendars/{ApiTestHelpers.CalendarId}",
            CalendarWith(new object[] { new { id = "work", url = FeedUrl, refreshMinutes = 30 }, new { id = "home", url = "https://outlook.example.test/owa/calendar/abc/reachcalendar.ics" } })))
        {
            var body = await put.AssertJsonAsync(HttpStatusCode.OK);
            Assert.Equal(["home", "work"], body["busyFeeds"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()));
        }

        using (var again = await app.Management.PutAsJsonAsync($"/api/calendars/{ApiTestHelpers.CalendarId}", Api.BerlinCalendar(name: "Renamed")))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        var feeds = await app.FeedsAsync();
        Assert.Equal([("home", 15), ("work", 30)], feeds.Select(f => (f!["id"]!.GetValue<string>(), f["refreshMinutes"]!.GetValue<int>())));

        using (var none = await app.Management.PutAsJsonAsync($"/api/calendars/{ApiTestHelpers.CalendarId}", CalendarWith(Array.Empty<object>())))
        {
            Assert.Empty((await none.AssertJsonAsync(HttpStatusCode.OK))["busyFeeds"]!.AsArray());
        }

        Assert.Empty(await app.FeedsAsync());
    }

    [Fact]
    public async Task PutFeed_Stored_UrlIsNotInAnyTableRowInClear()
    {
        await using var app = await StartAsync(azurite);
        (await app.PutFeedAsync("work", new { url = FeedUrl })).Dispose();

        await foreach (var row in app.Table.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            foreach (var value in row.Select(property => property.Value).OfType<string>())
            {
                Assert.DoesNotContain("private-0123456789abcdef", value, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task PutFeed_UnknownCalendar_Is404AndWritesNothing()
    {
        await using var app = await StartAsync(azurite);
        var rowsBefore = await app.RowsAsync();

        using var response = await app.PutFeedAsync("work", new { url = FeedUrl }, calendarId: "nobody");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(rowsBefore, await app.RowsAsync());
    }

    [Fact]
    public async Task PutFeed_LoopbackHttpWithTheDevelopmentSetting_IsAccepted()
    {
        await using var app = await StartAsync(azurite, allowLoopbackHttp: true);

        using var loopback = await app.PutFeedAsync("local", new { url = "http://127.0.0.1:5999/basic.ics" });
        using var elsewhere = await app.PutFeedAsync("remote", new { url = "http://calendar.example.test/basic.ics" });

        Assert.Equal(HttpStatusCode.Created, loopback.StatusCode);
        Assert.Equal(["url"], (await elsewhere.AssertProblemAsync(HttpStatusCode.UnprocessableEntity))["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task DeleteFeed_RemovesItAndItsBusyTimeFromNowOn_KeepsTheCrms()
    {
        await using var app = await StartAsync(azurite);
        (await app.PutFeedAsync("work", new { url = FeedUrl })).Dispose();
        var now = app.Time.GetUtcNow();
        var start = new DateTimeOffset(now.UtcDateTime.Date.AddDays(2).AddHours(9), TimeSpan.Zero);
        var feedInterval = new BusyInterval("uid-1@example.test", start, start.AddHours(1), null) { Source = BusySources.Feed("work") };
        Assert.IsType<SyncBusyOutcome.Synced>(await app.Services.GetRequiredService<BusyWindowSync>().SyncAsync(
            ApiTestHelpers.CalendarId, BusySources.Feed("work"), now, now.AddDays(30), [feedInterval], CancellationToken.None));
        (await Availability.BusyApi.PutBusyAsync(app, "crm-1", start.AddHours(2), start.AddHours(3))).Dispose();

        using var deleted = await app.DeleteFeedAsync("work");
        using var again = await app.DeleteFeedAsync("work");

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (deleted.StatusCode, again.StatusCode));
        Assert.Empty(await app.FeedsAsync());
        using var list = await Availability.BusyApi.ListBusyAsync(app, now, now.AddDays(30));
        Assert.Equal(["crm-1"], (await list.AssertJsonAsync(HttpStatusCode.OK))["intervals"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
    }
}
