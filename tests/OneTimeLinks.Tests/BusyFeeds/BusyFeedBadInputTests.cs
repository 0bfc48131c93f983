using static OneTimeLinks.Tests.BusyFeeds.BusyFeedTestHelpers;

namespace OneTimeLinks.Tests.BusyFeeds;

/// <summary>
/// Bad feed configuration, through both ways in (the feed's own PUT and the calendar PUT's <c>busyFeeds</c>): each case
/// names the status and the exact field key of its problem, and proves that nothing was written (not the calendar,
/// not its feeds) and no connection was attempted.
/// </summary>
public sealed class BusyFeedBadInputTests(AzuriteFixture azurite)
    : BadInputTable<BusyFeedBadInputTests, BusyFeedBadInputTests.BadInput>(floor: 15), IBadInputTable<BusyFeedBadInputTests.BadInput>, IClassFixture<AzuriteFixture>
{
    private const string OneFeed = "/api/calendars/" + ApiTestHelpers.CalendarId + "/busy-feeds/work";
    private const string Calendar = "/api/calendars/" + ApiTestHelpers.CalendarId;

    /// <param name="Body">For the calendar path: the value of <c>busyFeeds</c> in an otherwise valid calendar.</param>
    public sealed record BadInput(string Path, string Body, HttpStatusCode Status, string? ErrorKey);

    private static string Url(string url) => $$"""{"url":"{{url}}"}""";

    private static string Feeds(string feeds) => CalendarWith(null).ToJsonString().Replace("\"busyFeeds\":null", $"\"busyFeeds\":{feeds}", StringComparison.Ordinal);

    private static string Feed(string id, string url, string extra = "") => $$"""{"id":"{{id}}","url":"{{url}}"{{extra}}}""";

    public static IReadOnlyDictionary<string, BadInput> Cases { get; } = new Dictionary<string, BadInput>
    {
        // PUT …/busy-feeds/{feedId}: the URL, by the same rules as a webhook receiver's
        ["feed: url missing"] = new(OneFeed, "{}", HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: url empty"] = new(OneFeed, Url(""), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: url relative"] = new(OneFeed, Url("/calendar.ics"), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: url webcal scheme"] = new(OneFeed, Url("webcal://calendar.example.test/basic.ics"), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: url plain http"] = new(OneFeed, Url("http://calendar.example.test/basic.ics"), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: plain http to loopback without the development setting"] = new(OneFeed, Url("http://127.0.0.1:8080/basic.ics"), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: url with credentials"] = new(OneFeed, Url("https://owner:secret@calendar.example.test/basic.ics"), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: url with a fragment"] = new(OneFeed, Url(FeedUrl + "#x"), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: url with a space"] = new(OneFeed, Url("https://calendar.example.test/my calendar.ics"), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: url of 2,001 characters"] = new(OneFeed, Url(FeedUrl + "?" + new string('a', 2000 - FeedUrl.Length)), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: host does not resolve"] = new(OneFeed, Url("https://nowhere.example.test/basic.ics"), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: host resolves to the metadata address"] = new(OneFeed, Url("https://metadata.example.test/basic.ics"), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: host resolves to a private address"] = new(OneFeed, Url("https://private.example.test/basic.ics"), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: host resolves to a private address too"] = new(OneFeed, Url("https://rebind.example.test/basic.ics"), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: loopback IP literal over https"] = new(OneFeed, Url("https://127.0.0.1/basic.ics"), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: loopback in decimal"] = new(OneFeed, Url("https://2130706433/basic.ics"), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: IPv4-mapped private address"] = new(OneFeed, Url("https://[::ffff:192.168.1.1]/basic.ics"), HttpStatusCode.UnprocessableEntity, "url"),
        ["feed: url is a number"] = new(OneFeed, """{"url":42}""", HttpStatusCode.BadRequest, "url"),

        // PUT …/busy-feeds/{feedId}: the refresh and the id
        ["feed: refreshMinutes 4"] = new(OneFeed, $$"""{"url":"{{FeedUrl}}","refreshMinutes":4}""", HttpStatusCode.UnprocessableEntity, "refreshMinutes"),
        ["feed: refreshMinutes 1441"] = new(OneFeed, $$"""{"url":"{{FeedUrl}}","refreshMinutes":1441}""", HttpStatusCode.UnprocessableEntity, "refreshMinutes"),
        ["feed: refreshMinutes a string"] = new(OneFeed, $$"""{"url":"{{FeedUrl}}","refreshMinutes":"15"}""", HttpStatusCode.BadRequest, "refreshMinutes"),
        ["feed: body id other than the path's"] = new(OneFeed, $$"""{"id":"home","url":"{{FeedUrl}}"}""", HttpStatusCode.UnprocessableEntity, "id"),
        ["feed: feed id with a dot"] = new(OneFeed.Replace("/work", "/work.ics", StringComparison.Ordinal), Url(FeedUrl), HttpStatusCode.UnprocessableEntity, "feedId"),
        ["feed: feed id of 65 characters"] = new(OneFeed.Replace("/work", "/" + new string('f', 65), StringComparison.Ordinal), Url(FeedUrl), HttpStatusCode.UnprocessableEntity, "feedId"),
        ["feed: JSON array"] = new(OneFeed, $"[{Url(FeedUrl)}]", HttpStatusCode.BadRequest, ""),
        ["feed: empty body"] = new(OneFeed, "", HttpStatusCode.BadRequest, null),

        // PUT /api/calendars/{calendarId} with busyFeeds
        ["calendar: six feeds"] = new(Calendar, $"[{string.Join(",", Enumerable.Range(1, 6).Select(i => Feed($"f{i}", FeedUrl)))}]", HttpStatusCode.UnprocessableEntity, "busyFeeds"),
        ["calendar: feed without an id"] = new(Calendar, $$"""[{"url":"{{FeedUrl}}"}]""", HttpStatusCode.UnprocessableEntity, "busyFeeds[0].id"),
        ["calendar: feed id repeated"] = new(Calendar, $"[{Feed("work", FeedUrl)},{Feed("work", FeedUrl)}]", HttpStatusCode.UnprocessableEntity, "busyFeeds[1].id"),
        ["calendar: feed null"] = new(Calendar, "[null]", HttpStatusCode.UnprocessableEntity, "busyFeeds[0]"),
        ["calendar: second feed's url to the metadata address"] = new(Calendar, $"[{Feed("work", FeedUrl)},{Feed("cloud", "https://169.254.169.254/latest/meta-data")}]", HttpStatusCode.UnprocessableEntity, "busyFeeds[1].url"),
        ["calendar: feed url plain http"] = new(Calendar, $"[{Feed("work", "http://calendar.example.test/basic.ics")}]", HttpStatusCode.UnprocessableEntity, "busyFeeds[0].url"),
        ["calendar: feed refreshMinutes 0"] = new(Calendar, $"[{Feed("work", FeedUrl, ",\"refreshMinutes\":0")}]", HttpStatusCode.UnprocessableEntity, "busyFeeds[0].refreshMinutes"),
        ["calendar: busyFeeds an object"] = new(Calendar, $"{Feed("work", FeedUrl)}", HttpStatusCode.BadRequest, "busyFeeds"),
    };

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task BadInput_AnsweredWithAProblemAndTheExactFieldError_WritesNothingConnectsNowhere(string caseName)
    {
        var input = Cases[caseName];
        await using var app = await StartAsync(azurite);
        using (var existing = await app.PutFeedAsync("existing", new { url = FeedUrl, refreshMinutes = 60 }))
        {
            Assert.Equal(HttpStatusCode.Created, existing.StatusCode);
        }

        var before = await (await app.Management.GetAsync(Calendar)).Content.ReadAsStringAsync();
        var rowsBefore = await RowsWithVersionsAsync(app);

        using var request = BadInputAssertions.RawRequest("PUT", input.Path, input.Path == Calendar ? Feeds(input.Body) : input.Body, "application/json");
        using var response = await app.Management.SendAsync(request);

        await response.AssertFieldProblemAsync(input.Status, input.ErrorKey);
        Assert.Equal(rowsBefore, await RowsWithVersionsAsync(app));
        Assert.Equal(before, await (await app.Management.GetAsync(Calendar)).Content.ReadAsStringAsync());
        Assert.Empty(app.Outbound.Asked);
    }

    // A rewrite of an existing row changes its ETag, so "nothing written" compares versions, not just keys.
    private static async Task<List<string>> RowsWithVersionsAsync(TestApp app)
    {
        var rows = new List<string>();
        await foreach (var row in app.Table.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            rows.Add($"{row.PartitionKey}/{row.RowKey}/{row.ETag}");
        }

        return rows;
    }
}
