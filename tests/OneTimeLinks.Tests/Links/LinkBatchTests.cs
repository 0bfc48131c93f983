namespace OneTimeLinks.Tests.Links;

/// <summary><c>POST …/links/batch</c> through the real app on Azurite: per-item results, at most one link per request id.</summary>
public sealed class LinkBatchTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{

    [Fact]
    public async Task Batch_RetriedThreeTimes_CreatesEachLinkOnce_AndAnswersTheSameLinks()
    {
        var expiresAt = TestApp.DefaultNow.AddDays(7).ToString("O");
        var items = Enumerable.Range(0, 500)
            .Select(i => new { requestId = $"crm-batch-{i}", expiresAt, metadata = new { row = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } })
            .ToArray();

        var answers = new List<JsonArray>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var response = await App.Management.PostAsJsonAsync($"/api/calendars/{CalendarId}/links/batch", new { links = items });
            var results = (await response.AssertJsonAsync(HttpStatusCode.OK))["results"]!.AsArray();
            Assert.Equal(500, results.Count);
            for (var i = 0; i < results.Count; i++)
            {
                Assert.Equal($"crm-batch-{i}", results[i]!["requestId"]!.GetValue<string>());
                Assert.Equal(201, results[i]!["status"]!.GetValue<int>());
                Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), results[i]!["link"]!["metadata"]!["row"]!.GetValue<string>());
            }

            answers.Add(results);
        }

        Assert.Equal(500, await App.CountRowsAsync("link|"));
        Assert.Equal(500, await App.CountRowsAsync("request|"));
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(answers[0][i]!["link"]!["linkId"]!.GetValue<string>(), answers[2][i]!["link"]!["linkId"]!.GetValue<string>());
            Assert.Equal(answers[0][i]!["link"]!["url"]!.GetValue<string>(), answers[2][i]!["link"]!["url"]!.GetValue<string>());
        }

        Assert.Equal(500, Bus.SentEvents(LinkEventTypes.Generated).Count);

        // The URLs answered work.
        using var open = await App.Public.GetAsync(Infrastructure.Api.PathOf(answers[2][499]!["link"]!["url"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    [Fact]
    public async Task Batch_InvalidItems_Answer422InTheirPlace_AndTheRestAreCreated()
    {
        using var response = await App.Management.PostAsJsonAsync($"/api/calendars/{CalendarId}/links/batch", new
        {
            links = new object[]
            {
                new { requestId = "a", maxUses = 2 },
                new { maxUses = 1 },
                new { requestId = "c", maxUses = 0 },
                new { requestId = "a" },
                new { requestId = "e", metadata = new Dictionary<string, string> { ["bad key"] = "v" } },
            },
        });

        var results = (await response.AssertJsonAsync(HttpStatusCode.OK))["results"]!.AsArray();
        Assert.Equal([201, 422, 422, 422, 422], results.Select(r => r!["status"]!.GetValue<int>()));
        Assert.Equal(2, results[0]!["link"]!["maxUses"]!.GetValue<int>());
        Assert.NotNull(results[1]!["errors"]!["requestId"]);
        Assert.NotNull(results[2]!["errors"]!["maxUses"]);
        Assert.NotNull(results[3]!["errors"]!["requestId"]);
        Assert.NotNull(results[4]!["errors"]!["metadata"]);
        Assert.All(results.Skip(1), r => Assert.Null(r!["link"]));
        Assert.Equal(1, await App.CountRowsAsync("link|"));
    }

    [Fact]
    public async Task Batch_TooManyOrNone_Answers422_AndAnUnknownCalendar404()
    {
        var tooMany = Enumerable.Range(0, 501).Select(i => new { requestId = $"r{i}" }).ToArray();
        using (var response = await App.Management.PostAsJsonAsync($"/api/calendars/{CalendarId}/links/batch", new { links = tooMany }))
        {
            Assert.NotNull((await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity))["errors"]!["links"]);
        }

        using (var response = await App.Management.PostAsJsonAsync($"/api/calendars/{CalendarId}/links/batch", new { }))
        {
            Assert.NotNull((await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity))["errors"]!["links"]);
        }

        using (var response = await App.Management.PostAsJsonAsync("/api/calendars/nobody/links/batch", new { links = new[] { new { requestId = "x" } } }))
        {
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal(0, await App.CountRowsAsync("link|"));
    }
}
