using OneTimeLinks.Core.Sweeping;

namespace OneTimeLinks.Tests.Links;

/// <summary>
/// The Idempotency-Key on generate: a CRM that retries after a lost answer gets the first link and URL again, never a
/// second live link; a different body under the same key is refused; keys belong to one calendar and are purged.
/// </summary>
public sealed class GenerateIdempotencyTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private protected override bool CapturesServiceBus => false;

    private const string Key = "crm-generate-7d1f-4f57-a2f4";

    [Fact]
    public async Task Generate_SameKeyAndSameBodyTwice_Replays201WithTheSameUrlAndWritesOneLink()
    {
        var body = new { note = "Follow-up", maxUses = 2, metadata = new Dictionary<string, string> { ["deal"] = "42" } };

        using var first = await GenerateAsync(App, body, Key);
        var firstBody = await first.AssertJsonAsync(HttpStatusCode.Created);
        var rowsAfterFirst = await App.RowsAsync();
        App.Time.Advance(TimeSpan.FromMinutes(10));
        using var second = await GenerateAsync(App, body, Key);
        var secondBody = await second.AssertJsonAsync(HttpStatusCode.Created);

        Assert.StartsWith("https://book.example.test/api/l/", firstBody["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(firstBody.ToJsonString(), secondBody.ToJsonString());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, await App.CountRowsAsync("link|"));
        Assert.Equal(rowsAfterFirst, await App.RowsAsync());
    }

    [Fact]
    public async Task Generate_ReplayAfterTheLinkWasBooked_AnswersTheSameUrlWithTheLinksStateNow()
    {
        using var first = await GenerateAsync(App, new { }, Key);
        var url = (await first.AssertJsonAsync(HttpStatusCode.Created))["url"]!.GetValue<string>();
        using var booked = await App.BookJsonAsync(url, FirstSlot);
        await booked.AssertJsonAsync(HttpStatusCode.Created);

        using var again = await GenerateAsync(App, new { }, Key);
        var body = await again.AssertJsonAsync(HttpStatusCode.Created);

        Assert.Equal(url, body["url"]!.GetValue<string>());
        Assert.Equal("used", body["status"]!.GetValue<string>());
        Assert.Equal(1, await App.CountRowsAsync("link|"));
    }

    [Fact]
    public async Task Generate_SameKeyWithADifferentBody_Is422NamingTheHeaderAndWritesNothing()
    {
        using var first = await GenerateAsync(App, new { note = "first" }, Key);
        await first.AssertJsonAsync(HttpStatusCode.Created);
        var rowsBefore = await App.RowsAsync();

        using var otherNote = await GenerateAsync(App, new { note = "second" }, Key);
        using var emptyBody = await GenerateAsync(App, null, Key);

        foreach (var response in new[] { otherNote, emptyBody })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("urn:onetimelinks:problem:idempotency-key-reused", problem["type"]!.GetValue<string>());
            Assert.Contains("Idempotency-Key", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(rowsBefore, await App.RowsAsync());
    }

    [Fact]
    public async Task Generate_TenConcurrentWithTheSameKeyAndBody_AllAre201WithOneLinkAndOneUrl()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var tasks = Enumerable.Range(0, 10).Select(async _ =>
        {
            await gate.Task;
            using var response = await GenerateAsync(App, new { note = "race" }, Key);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode} {r.Body}"));
        Assert.Single(results.Select(r => JsonNode.Parse(r.Body)!["url"]!.GetValue<string>()).Distinct());
        Assert.Equal(1, await App.CountRowsAsync("link|"));
        Assert.Equal(1, await App.CountRowsAsync("idem|"));
    }

    [Fact]
    public async Task Generate_SameKeyInTwoCalendars_EachCalendarReplaysItsOwnLink()
    {
        await App.CreateCalendarAsync("dr-jones");

        var here = await UrlAsync(App, CalendarId);
        var there = await UrlAsync(App, "dr-jones");

        Assert.NotEqual(here, there);
        Assert.Equal(here, await UrlAsync(App, CalendarId));
        Assert.Equal(there, await UrlAsync(App, "dr-jones"));
        Assert.Equal(2, await App.CountRowsAsync("link|"));

        static async Task<string> UrlAsync(TestApp app, string calendarId)
        {
            using var response = await GenerateAsync(app, new { }, Key, calendarId);
            return (await response.AssertJsonAsync(HttpStatusCode.Created))["url"]!.GetValue<string>();
        }
    }

    [Theory]
    [InlineData("short")]
    [InlineData("has space inside")]
    [InlineData("tab\tinside-key")]
    public async Task Generate_MalformedKey_Is400AndWritesNothing(string key)
    {
        var rowsBefore = await App.RowsAsync();

        using var response = await GenerateAsync(App, new { }, key);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Idempotency-Key", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(rowsBefore, await App.RowsAsync());
    }

    [Fact]
    public async Task Generate_KeyOf256Characters_Is400ButOf255AndAsAQuotedStringAre201()
    {
        using var tooLong = await GenerateAsync(App, new { }, new string('k', 256));
        using var longest = await GenerateAsync(App, new { }, new string('k', 255));
        using var quoted = await GenerateAsync(App, new { }, "\"sf-string-key-1\"");
        using var unquoted = await GenerateAsync(App, new { }, "sf-string-key-1");

        await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest);
        await longest.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal(
            (await quoted.AssertJsonAsync(HttpStatusCode.Created))["url"]!.GetValue<string>(),
            (await unquoted.AssertJsonAsync(HttpStatusCode.Created))["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Generate_KeyRecord_IsKeptThroughEarlierSweepsAndPurgedAfterRetention_ThenTheKeyIsNew()
    {
        var retention = App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RetentionOptions>>().Value.IdempotencyRecords;
        var sweep = App.Services.GetRequiredService<ISweepService>();
        using var first = await GenerateAsync(App, new { }, Key);
        var url = (await first.AssertJsonAsync(HttpStatusCode.Created))["url"]!.GetValue<string>();

        // An early visit (the generate's own hint) must leave the record and hint its purge for later: the calendar
        // has nothing else due, so only that hint brings the sweep back.
        App.Time.Advance(TimeSpan.FromMinutes(10));
        await sweep.SweepAsync();
        Assert.Equal(1, await App.CountRowsAsync("idem|"));
        using var replay = await GenerateAsync(App, new { }, Key);
        Assert.Equal(url, (await replay.AssertJsonAsync(HttpStatusCode.Created))["url"]!.GetValue<string>());

        App.Time.Advance(retention + TimeSpan.FromMinutes(5));
        await sweep.SweepAsync();

        Assert.Equal(0, await App.CountRowsAsync("idem|"));
        Assert.DoesNotContain(await App.RowsAsync(), r => r.RowKey.StartsWith("purge|", StringComparison.Ordinal) && r.RowKey.Contains("|idem|", StringComparison.Ordinal));
        using var later = await GenerateAsync(App, new { }, Key);
        Assert.NotEqual(url, (await later.AssertJsonAsync(HttpStatusCode.Created))["url"]!.GetValue<string>());
        Assert.Equal(2, await App.CountRowsAsync("link|"));
    }

    internal static Task<HttpResponseMessage> GenerateAsync(TestApp app, object? body, string? key, string calendarId = CalendarId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/calendars/{calendarId}/links")
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return app.Management.SendAsync(request);
    }
}
