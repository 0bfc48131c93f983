using OneTimeLinks.Core.Availability;

namespace OneTimeLinks.Tests.Availability;

/// <summary>
/// Busy intervals carry their source: <c>crm</c> for what the API pushes (and every interval stored before sources
/// existed), <c>feed:{feedId}</c> for what a calendar feed imports. A window sync replaces its own source's intervals only.
/// </summary>
public sealed class BusySourceTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    /// <summary>Tuesday 2026-12-08 00:00 Berlin: the window is that Tuesday.</summary>
    private static readonly DateTimeOffset Tuesday = new(2026, 12, 8, 0, 0, 0, TimeSpan.FromHours(1));

    private static readonly string Feed = BusySources.Feed("google");

    private Task<SyncBusyOutcome> FeedSyncAsync(params BusyInterval[] intervals) =>
        App.Services.GetRequiredService<BusyWindowSync>().SyncAsync(CalendarId, Feed, Tuesday, Tuesday.AddDays(1), intervals, CancellationToken.None);

    private static BusyInterval FeedInterval(string id, double fromHour, double toHour) =>
        new(id, Tuesday.AddHours(fromHour), Tuesday.AddHours(toHour), null) { Source = Feed };

    private async Task<List<(string Id, string Source)>> ListedAsync()
    {
        using var list = await App.ListBusyAsync(Tuesday, Tuesday.AddDays(1));
        return [.. (await list.AssertJsonAsync(HttpStatusCode.OK))["intervals"]!.AsArray()
            .Select(i => (i!["id"]!.GetValue<string>(), i["source"]!.GetValue<string>()))];
    }

    [Fact]
    public async Task SyncBusy_CrmSyncAndFeedSyncOnTheSameWindow_NeitherDeletesTheOthersIntervals()
    {
        (await App.PutBusyAsync("crm-morning", Tuesday.AddHours(9), Tuesday.AddHours(10))).Dispose();
        Assert.IsType<SyncBusyOutcome.Synced>(await FeedSyncAsync(FeedInterval("uid-1@google.com", 11, 12), FeedInterval("uid-2@google.com", 14, 15)));

        // The CRM syncs the window with only its own new interval: the feed's two stay.
        using (var synced = await App.SyncBusyAsync(Tuesday, Tuesday.AddDays(1), new { intervals = new[] { new { id = "crm-late", start = BusyApi.Iso(Tuesday.AddHours(16)), end = BusyApi.Iso(Tuesday.AddHours(17)) } } }))
        {
            var body = await synced.AssertJsonAsync(HttpStatusCode.OK);
            Assert.Equal((1, 1), (body["created"]!.GetValue<int>(), body["deleted"]!.GetValue<int>()));
        }

        Assert.Equal([("uid-1@google.com", Feed), ("uid-2@google.com", Feed), ("crm-late", "crm")], await ListedAsync());

        // The feed's refresh drops one event: the CRM's interval stays.
        var feedSync = Assert.IsType<SyncBusyOutcome.Synced>(await FeedSyncAsync(FeedInterval("uid-2@google.com", 14, 15)));
        Assert.Equal((0, 1, 1), (feedSync.Created, feedSync.Deleted, feedSync.Unchanged));
        Assert.Equal([("uid-2@google.com", Feed), ("crm-late", "crm")], await ListedAsync());
        Assert.Equal((2, 2), (await App.CountRowsAsync("busy|"), await App.CountRowsAsync("busyat|")));
        Assert.Equal(2, (await App.AgendaClaimsAsync()).Count(claim => claim.Kind == AgendaEntryKind.Busy));
    }

    [Fact]
    public async Task SyncBusy_SameIdFromTheCrmAndAFeed_AreTwoIntervalsAndTheCrmsPutNeverMovesTheFeeds()
    {
        Assert.IsType<SyncBusyOutcome.Synced>(await FeedSyncAsync(FeedInterval("shared-id", 11, 12)));

        using (var put = await App.PutBusyAsync("shared-id", Tuesday.AddHours(9), Tuesday.AddHours(10)))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        Assert.Equal([("shared-id", "crm"), ("shared-id", Feed)], await ListedAsync());
        using (var deleted = await App.DeleteBusyAsync("shared-id"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.Equal([("shared-id", Feed)], await ListedAsync());
    }

    [Fact]
    public async Task ListBusy_IntervalStoredBeforeSourcesExisted_IsTheCrms()
    {
        (await App.PutBusyAsync("old", Tuesday.AddHours(9), Tuesday.AddHours(10))).Dispose();

        // A row written before this change has no Source property at all.
        await foreach (var row in App.Table.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == $"c|{CalendarId}"))
        {
            Assert.False(row.ContainsKey("Source"), row.RowKey);
        }

        Assert.Equal([("old", "crm")], await ListedAsync());
    }
}
