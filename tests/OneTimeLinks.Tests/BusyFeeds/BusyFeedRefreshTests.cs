using Azure.Core;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using OneTimeLinks.Core.BusyFeeds;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Tests.Availability;
using OneTimeLinks.Tests.Events;
using static OneTimeLinks.Tests.BusyFeeds.RefreshFeeds;

namespace OneTimeLinks.Tests.BusyFeeds;

/// <summary>
/// Refreshing a feed from a local server that changes it between refreshes: the feed's busy time is exactly what it says,
/// an unchanged feed writes nothing, a failing one keeps its last good busy time, and what it overlaps is reported.
/// </summary>
public sealed class BusyFeedRefreshTests(AzuriteFixture azurite) : FeedServerAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private const string CalendarId = ApiTestHelpers.CalendarId;
    private readonly ServiceBusSenderCapture _bus = new();
    private readonly StorageRequestRecorder _storage = new(StorageRequestKinds.Of);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await App.CreateCalendarAsync(CalendarId);
    }

    private protected override void ConfigureServices(IServiceCollection services)
    {
        _bus.Register(services);
        services.PostConfigureAll<TableClientOptions>(options => options.AddPolicy(_storage, HttpPipelinePosition.PerCall));
    }

    private async Task AddFeedAsync(string feedId, string path = "/calendar/basic.ics", int refreshMinutes = 15)
    {
        using var put = await App.PutFeedAsync(feedId, new { url = Server.Url(path).ToString(), refreshMinutes });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
    }

    /// <summary>Refreshes the feed and waits for the events it committed to be published.</summary>
    private async Task<BusyFeedRefreshOutcome> RefreshAsync(string feedId = "google")
    {
        var outcome = await App.Services.GetRequiredService<IBusyFeedRefreshRun>().RefreshAsync(CalendarId, feedId);
        await App.Services.GetRequiredService<IBackgroundEventDispatcher>().WhenIdleAsync();
        return outcome;
    }

    private async Task<BusyFeedState> StateAsync(string feedId = "google") =>
        (await App.Services.GetRequiredService<IBusyFeedStatusStore>().GetAsync(CalendarId, feedId)).State;

    private async Task<List<(string Id, string Source, DateTimeOffset Start, DateTimeOffset End)>> BusyAsync()
    {
        using var list = await App.ListBusyAsync(Tuesday.AddDays(-1), Tuesday.AddDays(2));
        return [.. (await list.AssertJsonAsync(HttpStatusCode.OK))["intervals"]!.AsArray().Select(i => (
            i!["id"]!.GetValue<string>(), i["source"]!.GetValue<string>(), ApiTestHelpers.Instant(i["start"]), ApiTestHelpers.Instant(i["end"])))];
    }

    private static (string, string, DateTimeOffset, DateTimeOffset) Feed(string uid, double fromHour, double toHour, string feedId = "google") =>
        (uid, $"feed:{feedId}", Tuesday.AddHours(fromHour), Tuesday.AddHours(toHour));

    private static void RespondWith(FeedServer server, int status) => server.Respond = context =>
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    };

    private List<string> Writes() => [.. _storage.Drain().Where(kind => kind is "batch" or "upsert" or "delete" or "delete outbox")];

    [Fact]
    public async Task Refresh_FeedAddsMovesAndRemovesEvents_BusyTimeIsExactlyTheFeedEachTime()
    {
        await AddFeedAsync("google");
        Server.Ics = Ics(Event("a", 9, 10), Event("b", 11, 12));
        Assert.Equal(BusyFeedRefreshOutcome.Imported, await RefreshAsync());
        Assert.Equal([Feed("a", 9, 10), Feed("b", 11, 12)], await BusyAsync());

        // Added c, moved b, removed a.
        Server.Ics = Ics(Event("b", 13, 14), Event("c", 15, 16.5));
        Assert.Equal(BusyFeedRefreshOutcome.Imported, await RefreshAsync());

        Assert.Equal([Feed("b", 13, 14), Feed("c", 15, 16.5)], await BusyAsync());
        var state = await StateAsync();
        Assert.Equal((TestApp.DefaultNow, (string?)null, 2, 0), (state.Status.LastSyncedAt, state.Status.LastError, state.Status.EventCount, state.Status.ConsecutiveFailures));
        Assert.Empty(App.Outbound.Refused);
        Assert.All(App.Outbound.Asked, endpoint => Assert.True(IPAddress.IsLoopback(endpoint.Address)));
    }

    [Fact]
    public async Task Refresh_NotModifiedOrSameContent_WritesNothing()
    {
        await AddFeedAsync("google");
        Server.Ics = Ics(Event("a", 9, 10));
        Assert.Equal(BusyFeedRefreshOutcome.Imported, await RefreshAsync());
        _storage.Drain();

        var notModified = await RefreshAsync();

        // The same bytes under another ETag: the content hash says unchanged.
        Server.Respond = context =>
        {
            context.Response.Headers.ETag = "\"another\"";
            return context.Response.WriteAsync(Ics(Event("a", 9, 10)));
        };
        var sameContent = await RefreshAsync();

        Assert.Equal((BusyFeedRefreshOutcome.Unchanged, BusyFeedRefreshOutcome.Unchanged), (notModified, sameContent));
        Assert.Empty(Writes());
        Assert.NotNull(Server.Requests[1].IfNoneMatch);
        Assert.Equal([Feed("a", 9, 10)], await BusyAsync());
    }

    [Theory]
    [InlineData(404, "http-404")]
    [InlineData(500, "http-500")]
    [InlineData(0, "timeout")]
    public async Task Refresh_FeedFails_LastErrorSetAndTheLastGoodBusyTimeStays(int status, string error)
    {
        await AddFeedAsync("google");
        Server.Ics = Ics(Event("a", 9, 10));
        Assert.Equal(BusyFeedRefreshOutcome.Imported, await RefreshAsync());
        App.Time.Advance(TimeSpan.FromMinutes(15));
        if (status == 0)
        {
            Server.Respond = async context =>
            {
                await Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None);
                await context.Response.WriteAsync(Ics());
            };
        }
        else
        {
            RespondWith(Server, status);
        }

        Assert.Equal(BusyFeedRefreshOutcome.Failed, await RefreshAsync());

        var state = await StateAsync();
        Assert.Equal((error, 1, TestApp.DefaultNow, 1), (state.Status.LastError, state.Status.ConsecutiveFailures, state.Status.LastSyncedAt, state.Status.EventCount));
        Assert.Equal([Feed("a", 9, 10)], await BusyAsync());

        // Back: the error clears.
        Server.Respond = null;
        Server.Ics = Ics(Event("a", 9, 10), Event("b", 12, 13));
        Assert.Equal(BusyFeedRefreshOutcome.Imported, await RefreshAsync());
        state = await StateAsync();
        Assert.Equal(((string?)null, 0), (state.Status.LastError, state.Status.ConsecutiveFailures));
        Assert.Equal([Feed("a", 9, 10), Feed("b", 12, 13)], await BusyAsync());
    }

    [Fact]
    public async Task Refresh_TenFailuresInARowThenMore_PublishOneFeedFailing()
    {
        await AddFeedAsync("google");
        RespondWith(Server, 404);

        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(BusyFeedRefreshOutcome.Failed, await RefreshAsync());
            Assert.Equal(i < 9 ? 0 : 1, _bus.SentEvents(LinkEventTypes.CalendarFeedFailing).Count);
        }

        var (_, failing) = Assert.Single(_bus.SentEvents(LinkEventTypes.CalendarFeedFailing));
        var data = failing.DataObject();
        Assert.Equal($"calendars/{CalendarId}", failing.Subject);
        Assert.Equal((CalendarId, "google", 10, "http-404"), (data["calendarId"]!.GetValue<string>(), data["feedId"]!.GetValue<string>(), data["consecutiveFailures"]!.GetValue<int>(), data["lastError"]!.GetValue<string>()));
        Assert.Equal(12, (await StateAsync()).Status.ConsecutiveFailures);
        Assert.Equal(0, await App.CountRowsAsync("outbox|"));
    }

    [Fact]
    public async Task Refresh_ImportedBusyOverlapsABooking_ReportsItOnceInStatusAndConflictEvent()
    {
        var url = await App.GenerateLinkUrlAsync();
        var slot = ApiTestHelpers.MondaySlot(2);
        using (var booked = await App.BookJsonAsync(url, slot))
        {
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }

        await AddFeedAsync("google");
        Server.Ics = Ics(("meeting", slot.AddMinutes(15), slot.AddHours(1)));
        Assert.Equal(BusyFeedRefreshOutcome.Imported, await RefreshAsync());
        Server.Ics = Ics(("meeting", slot.AddMinutes(15), slot.AddHours(1)), Event("other", 9, 10));
        Assert.Equal(BusyFeedRefreshOutcome.Imported, await RefreshAsync());

        var conflict = Assert.Single((await StateAsync()).Status.Conflicts);
        Assert.Equal((slot, slot.AddMinutes(30)), (conflict.Start, conflict.End));
        var (_, published) = Assert.Single(_bus.SentEvents(LinkEventTypes.CalendarConflict));
        var data = published.DataObject();
        Assert.Equal(("feed:google", conflict.BookingId), (data["source"]!.GetValue<string>(), data["conflicts"]![0]!["bookingId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RefreshDue_UnchangedFeeds_OneConditionalGetEachAndNoTableWrite()
    {
        const int Feeds = 4;
        Server.Ics = Ics(Event("a", 9, 10));
        for (var i = 0; i < Feeds; i++)
        {
            await AddFeedAsync($"feed-{i}", $"/calendar/{i}.ics");
            Assert.Equal(BusyFeedRefreshOutcome.Imported, await RefreshAsync($"feed-{i}"));
        }

        var run = App.Services.GetRequiredService<IBusyFeedRefreshRun>();

        // Not due: the pinned clock (07:00) is a multiple of 15 minutes, one minute later is not.
        App.Time.Advance(TimeSpan.FromMinutes(1));
        var before = Server.Requests.Count;
        _storage.Drain();
        Assert.Equal(0, await run.RefreshDueAsync(TestApp.DefaultNow));
        Assert.Equal(before, Server.Requests.Count);
        Assert.Empty(Writes());

        // 07:15: all four are due.
        App.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(Feeds, await run.RefreshDueAsync(TestApp.DefaultNow.AddMinutes(14)));

        var fetched = Server.Requests.Skip(before).ToList();
        Assert.Equal(Feeds, fetched.Count);
        Assert.All(fetched, request => Assert.NotNull(request.IfNoneMatch));
        Assert.Empty(Writes());
    }

    [Fact]
    public async Task RefreshDue_FeedDeletedOrIntervalChanged_ItsOldIndexRowIsGone()
    {
        Server.Ics = Ics(Event("a", 9, 10));
        await AddFeedAsync("google", refreshMinutes: 15);
        await AddFeedAsync("google", refreshMinutes: 30);
        await AddFeedAsync("outlook", refreshMinutes: 15);
        using (var deleted = await App.DeleteFeedAsync("outlook"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        var rows = new List<string>();
        await foreach (var row in App.Table.QueryAsync<TableEntity>(e => e.PartitionKey == TableKeys.BusyFeedRefreshPartition))
        {
            rows.Add(row.RowKey);
        }

        Assert.Equal([$"0030|{CalendarId}|google"], rows);
        Assert.Equal(1, await App.Services.GetRequiredService<IBusyFeedRefreshRun>().RefreshDueAsync(TestApp.DefaultNow.AddMinutes(-1)));
    }

    [Fact]
    public async Task Refresh_CrmSyncAndFeedRefreshOnTheSameWindow_NeitherDeletesTheOthers()
    {
        await AddFeedAsync("google");
        Server.Ics = Ics(Event("a", 9, 10));
        var sync = App.SyncBusyAsync(Tuesday, Tuesday.AddDays(1), new { intervals = new[] { new { id = "crm-1", start = BusyApi.Iso(Tuesday.AddHours(11)), end = BusyApi.Iso(Tuesday.AddHours(12)) } } });
        var refresh = RefreshAsync();
        await Task.WhenAll(sync, refresh);
        (await sync).Dispose();

        Server.Ics = Ics(Event("b", 13, 14));
        Assert.Equal(BusyFeedRefreshOutcome.Imported, await RefreshAsync());
        using (var again = await App.SyncBusyAsync(Tuesday, Tuesday.AddDays(1), new { intervals = new[] { new { id = "crm-2", start = BusyApi.Iso(Tuesday.AddHours(15)), end = BusyApi.Iso(Tuesday.AddHours(16)) } } }))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        Assert.Equal([Feed("b", 13, 14), ("crm-2", "crm", Tuesday.AddHours(15), Tuesday.AddHours(16))], await BusyAsync());
    }

    [Fact]
    public async Task Refresh_RacingBookingsOnTheSameTime_NeverAnUnreportedOverlap()
    {
        await AddFeedAsync("google");
        for (var round = 0; round < 4; round++)
        {
            var slot = ApiTestHelpers.MondaySlot(2 + round);
            var url = await App.GenerateLinkUrlAsync();
            Server.Ics = Ics([.. Enumerable.Range(0, round + 1).Select(r => ($"m{r}", ApiTestHelpers.MondaySlot(2 + r), ApiTestHelpers.MondaySlot(2 + r).AddMinutes(30)))]);
            var booking = App.BookJsonAsync(url, slot);
            var refresh = RefreshAsync();
            await Task.WhenAll(booking, refresh);
            using var booked = await booking;
            Assert.Equal(BusyFeedRefreshOutcome.Imported, await refresh);

            // Either the booking lost to the busy time, or it is reported as overlapped by it.
            if (booked.StatusCode == HttpStatusCode.Created)
            {
                var bookingId = (await booked.ReadObjectAsync())["bookingId"]!.GetValue<string>();
                Assert.Contains((await StateAsync()).Status.Conflicts, c => c.BookingId == bookingId);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Conflict, booked.StatusCode);
            }
        }

        var reported = _bus.SentEvents(LinkEventTypes.CalendarConflict).SelectMany(e => e.Event.DataObject()["conflicts"]!.AsArray()).Select(c => c!["bookingId"]!.GetValue<string>()).ToList();
        Assert.Equal((await StateAsync()).Status.Conflicts.Select(c => c.BookingId).Order(), reported.Order());
    }

    [Fact]
    public async Task GetCalendar_AfterARefreshAndAFailure_ShowsEachFeedsStatus()
    {
        await AddFeedAsync("google");
        await AddFeedAsync("outlook", "/calendar/outlook.ics", refreshMinutes: 60);
        Server.Ics = Ics(Event("a", 9, 10), Event("b", 11, 12));
        Assert.Equal(BusyFeedRefreshOutcome.Imported, await RefreshAsync("google"));
        RespondWith(Server, 404);
        Assert.Equal(BusyFeedRefreshOutcome.Failed, await RefreshAsync("outlook"));

        var feeds = (await App.FeedsAsync()).Select(f => f!.AsObject()).ToDictionary(f => f["id"]!.GetValue<string>());

        var google = feeds["google"];
        Assert.Equal((TestApp.DefaultNow, 2, 0, TestApp.DefaultNow.AddMinutes(15)), (ApiTestHelpers.Instant(google["lastSyncedAt"]), google["eventCount"]!.GetValue<int>(), google["consecutiveFailures"]!.GetValue<int>(), ApiTestHelpers.Instant(google["nextRefreshAt"])));
        Assert.False(google.ContainsKey("lastError"));
        Assert.Empty(google["conflicts"]!.AsArray());
        var outlook = feeds["outlook"];
        Assert.Equal(("http-404", 1, TestApp.DefaultNow.AddHours(1)), (outlook["lastError"]!.GetValue<string>(), outlook["consecutiveFailures"]!.GetValue<int>(), ApiTestHelpers.Instant(outlook["nextRefreshAt"])));
        Assert.False(outlook.ContainsKey("lastSyncedAt"));
    }

    [Fact]
    public async Task RefreshBusyFeedsFunction_RunByTheHost_RefreshesTheDueFeed()
    {
        await AddFeedAsync("google");
        Server.Ics = Ics(Event("a", 9, 10));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/functions/RefreshBusyFeeds") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("x-functions-key", TestApp.MasterKey);
        using var response = await App.Public.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(15) && (await StateAsync()).Status.LastSyncedAt is null)
        {
            await Task.Delay(100);
        }

        Assert.Equal([Feed("a", 9, 10)], await BusyAsync());
        Assert.Single(Server.Requests);
    }
}
