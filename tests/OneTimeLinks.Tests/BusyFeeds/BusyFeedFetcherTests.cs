using Microsoft.AspNetCore.Http;
using OneTimeLinks.Core.BusyFeeds;

namespace OneTimeLinks.Tests.BusyFeeds;

/// <summary>
/// Fetching a feed through the outbound seam from a local server: conditional GET, the size and time limits, and the
/// answers that are errors. Every connection stays on loopback; a forbidden address is refused before any connection.
/// </summary>
public sealed class BusyFeedFetcherTests(AzuriteFixture azurite) : FeedServerAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private protected override IReadOnlyDictionary<string, string?> Settings { get; } =
        new Dictionary<string, string?> { ["BusyFeeds:MaxFeedBytes"] = "100000" };

    private Task<BusyFeedFetch> FetchAsync(Uri url, string? etag = null, DateTimeOffset? lastModified = null) =>
        App.Services.GetRequiredService<BusyFeedFetcher>().FetchAsync(url, etag, lastModified, CancellationToken.None);

    [Fact]
    public async Task Fetch_ThenConditionalAgain_IsTheFeedThen304ThenTheChangedFeed()
    {
        Server.Ics = FeedFixtures.Google;

        var first = Assert.IsType<BusyFeedFetch.Fetched>(await FetchAsync(Server.Url()));
        var unchanged = await FetchAsync(Server.Url(), first.ETag, first.LastModified);
        Server.Ics = FeedFixtures.ICloud;
        var changed = Assert.IsType<BusyFeedFetch.Fetched>(await FetchAsync(Server.Url(), first.ETag, first.LastModified));

        Assert.Equal(FeedFixtures.Google, first.Text);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), first.LastModified);
        Assert.IsType<BusyFeedFetch.NotModified>(unchanged);
        Assert.Equal(FeedFixtures.ICloud, changed.Text);
        Assert.NotEqual(first.ContentHash, changed.ContentHash);
        Assert.Equal([null, first.ETag, first.ETag], Server.Requests.Select(r => r.IfNoneMatch));
        Assert.NotNull(Server.Requests[1].IfModifiedSince);
        Assert.Empty(App.Outbound.Refused);
        Assert.All(App.Outbound.Asked, endpoint => Assert.True(IPAddress.IsLoopback(endpoint.Address)));
    }

    [Theory]
    [InlineData(404, "http-404")]
    [InlineData(500, "http-500")]
    [InlineData(403, "http-403")]
    public async Task Fetch_ErrorStatus_IsThatError(int status, string error)
    {
        Server.Respond = context =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        };

        Assert.Equal(error, Assert.IsType<BusyFeedFetch.Failed>(await FetchAsync(Server.Url())).Error);
    }

    [Fact]
    public async Task Fetch_RedirectToLoopback_IsNotFollowed()
    {
        Server.Respond = context =>
        {
            if (context.Request.Path == "/moved.ics")
            {
                context.Response.Redirect(Server.Url("/calendar/basic.ics").ToString());
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync(FeedFixtures.Google);
        };

        Assert.Equal("http-302", Assert.IsType<BusyFeedFetch.Failed>(await FetchAsync(Server.Url("/moved.ics"))).Error);
        Assert.Equal(["/moved.ics"], Server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Fetch_Slow_IsATimeout()
    {
        Server.Respond = async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        };

        Assert.Equal("timeout", Assert.IsType<BusyFeedFetch.Failed>(await FetchAsync(Server.Url())).Error);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Fetch_LargerThanTheLimit_IsTooLargeWithOrWithoutContentLength(bool declared)
    {
        var body = "BEGIN:VCALENDAR\r\n" + new string('X', 200_000);
        Server.Respond = async context =>
        {
            if (declared)
            {
                context.Response.ContentLength = System.Text.Encoding.UTF8.GetByteCount(body);
            }

            await context.Response.WriteAsync(body);
        };

        Assert.Equal("too-large", Assert.IsType<BusyFeedFetch.Failed>(await FetchAsync(Server.Url())).Error);
    }

    [Theory]
    [InlineData("https://metadata.example.test/basic.ics")]
    [InlineData("https://rebind.example.test/basic.ics")]
    [InlineData("http://private.example.test/basic.ics")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    public async Task Fetch_ForbiddenAddress_RefusedBeforeAnyConnection(string url)
    {
        Assert.Equal("forbidden-address", Assert.IsType<BusyFeedFetch.Failed>(await FetchAsync(new Uri(url))).Error);
        Assert.Empty(App.Outbound.Asked);
    }

    [Fact]
    public async Task Fetch_NotICalendar_IsFetchedAndTheParserSaysSo()
    {
        Server.Respond = context => context.Response.WriteAsync("<!DOCTYPE html><html><body>Sign in to continue</body></html>");

        var fetched = Assert.IsType<BusyFeedFetch.Fetched>(await FetchAsync(Server.Url()));

        Assert.Equal("not-icalendar", Assert.IsType<BusyFeedParse.Failed>(
            BusyFeedParser.Parse(fetched.Text, "feed:work", "Europe/Berlin", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1))).Error);
    }
}
