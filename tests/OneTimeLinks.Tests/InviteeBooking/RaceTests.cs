using Xunit.Abstractions;

namespace OneTimeLinks.Tests.InviteeBooking;

/// <summary>
/// Exactly one winner, through real concurrency: many HTTP requests released at once against the runner and Azurite.
/// Every answer is accounted for (no 500, no "busy"), and storage holds exactly what the winners wrote.
/// </summary>
public sealed class RaceTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private static Task<List<(HttpStatusCode Status, string Body)>> RaceAsync(int count, Func<int, Task<HttpResponseMessage>> send) =>
        Race.AllAsync(count, send);

    private static string Describe(IEnumerable<(HttpStatusCode Status, string Body)> results) => Race.Describe(results);

    [Fact]
    public async Task Book_FiftyConcurrentOnOneLinkForTheSameSlot_ExactlyOne201AndForty9x410()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var url = (await app.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();

        var results = await RaceAsync(50, i => app.BookJsonAsync(url, FirstSlot, name: $"Invitee {i}"));

        Assert.True(
            results.Count(r => r.Status == HttpStatusCode.Created) == 1 && results.Count(r => r.Status == HttpStatusCode.Gone) == 49,
            Describe(results));
        Assert.All(results.Where(r => r.Status == HttpStatusCode.Gone), r => Assert.Contains("\"linkStatus\":\"used\"", r.Body, StringComparison.Ordinal));
        Assert.Equal(1, await app.CountRowsAsync("booking|"));
        Assert.Equal(1, await app.CountBookingClaimsAsync());
    }

    [Fact]
    public async Task Book_FiftyConcurrentOnOneLinkForDifferentSlots_ExactlyOne201AndForty9x410()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var created = await app.GenerateLinkAsync(CalendarId);
        var url = created["url"]!.GetValue<string>();

        var results = await RaceAsync(50, i => app.BookJsonAsync(url, WeekdaySlot(i), name: $"Invitee {i}"));

        Assert.True(
            results.Count(r => r.Status == HttpStatusCode.Created) == 1 && results.Count(r => r.Status == HttpStatusCode.Gone) == 49,
            Describe(results));
        Assert.Equal(1, await app.CountRowsAsync("booking|"));
        Assert.Equal(1, await app.CountBookingClaimsAsync());
        using var get = await app.GetLinkAsync(created["linkId"]!.GetValue<string>());
        var link = await get.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("used", link["status"]!.GetValue<string>());
        Assert.Equal(1, link["uses"]!.GetValue<int>());
        Assert.Single(link["bookings"]!.AsArray());
    }

    [Fact]
    public async Task Book_TwentyLinksOfOneCalendarRaceForOneSlot_ExactlyOne201AndNineteen409WithTheLosersStillActive()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var links = new List<(string LinkId, string Url)>();
        for (var i = 0; i < 20; i++)
        {
            var created = await app.GenerateLinkAsync(CalendarId);
            links.Add((created["linkId"]!.GetValue<string>(), created["url"]!.GetValue<string>()));
        }

        var results = await RaceAsync(20, i => app.BookJsonAsync(links[i].Url, FirstSlot, name: $"Invitee {i}"));

        Assert.True(
            results.Count(r => r.Status == HttpStatusCode.Created) == 1 && results.Count(r => r.Status == HttpStatusCode.Conflict) == 19,
            Describe(results));
        Assert.All(
            results.Where(r => r.Status == HttpStatusCode.Conflict),
            r => Assert.Contains("urn:onetimelinks:problem:slot-unavailable", r.Body, StringComparison.Ordinal));
        Assert.Equal(1, await app.CountRowsAsync("booking|"));
        Assert.Equal(1, await app.CountBookingClaimsAsync());

        var losers = Enumerable.Range(0, 20).Where(i => results[i].Status == HttpStatusCode.Conflict).ToList();
        Assert.Equal(19, losers.Count);
        foreach (var i in losers)
        {
            using var open = await app.OpenAsync(links[i].Url);
            var body = await open.AssertJsonAsync(HttpStatusCode.OK);
            Assert.Equal("active", body["status"]!.GetValue<string>());
            Assert.Equal("2026-12-07T09:30:00+01:00", body["slots"]![0]!["start"]!.GetValue<string>());
        }

        Assert.Equal(19, (await ListStatusesAsync(app)).Count(s => s == "active"));
    }

    [Fact]
    public async Task Book_ThirtyConcurrentOnAThreeUseLink_ExactlyThree201AndTwentySeven410()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var created = await app.GenerateLinkAsync(CalendarId, new { maxUses = 3 });
        var url = created["url"]!.GetValue<string>();

        var results = await RaceAsync(30, i => app.BookJsonAsync(url, WeekdaySlot(i), name: $"Invitee {i}"));

        Assert.True(
            results.Count(r => r.Status == HttpStatusCode.Created) == 3 && results.Count(r => r.Status == HttpStatusCode.Gone) == 27,
            Describe(results));
        using var get = await app.GetLinkAsync(created["linkId"]!.GetValue<string>());
        var link = await get.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("used", link["status"]!.GetValue<string>());
        Assert.Equal(3, link["uses"]!.GetValue<int>());
        Assert.Equal(3, link["bookings"]!.AsArray().Count);
        Assert.Equal(3, await app.CountRowsAsync("booking|"));
        Assert.Equal(3, await app.CountBookingClaimsAsync());
    }

    [Fact]
    public async Task RevokeRacingBook_TwentyRounds_ExactlyOneWinsEachRoundAndTheStateAgrees()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var bookWins = 0;
        var revokeWins = 0;

        for (var round = 0; round < 20; round++)
        {
            var created = await app.GenerateLinkAsync(CalendarId);
            var linkId = created["linkId"]!.GetValue<string>();
            var url = created["url"]!.GetValue<string>();
            var slot = WeekdaySlot(round);

            var results = await RaceAsync(2, i => i == 0 ? app.BookJsonAsync(url, slot) : app.RevokeAsync(linkId));
            var (book, revoke) = (results[0], results[1]);

            using var get = await app.GetLinkAsync(linkId);
            var link = await get.AssertJsonAsync(HttpStatusCode.OK);
            var status = link["status"]!.GetValue<string>();
            var bookings = link["bookings"]?.AsArray().Count ?? 0;
            if (book.Status == HttpStatusCode.Created)
            {
                bookWins++;
                Assert.True(revoke.Status == HttpStatusCode.Conflict, $"round {round}: book won but revoke got {(int)revoke.Status} {revoke.Body}");
                Assert.Contains("\"linkStatus\":\"used\"", revoke.Body, StringComparison.Ordinal);
                Assert.Equal(("used", 1, 1), (status, link["uses"]!.GetValue<int>(), bookings));
            }
            else
            {
                revokeWins++;
                Assert.True(book.Status == HttpStatusCode.Gone, $"round {round}: book got {(int)book.Status} {book.Body}");
                Assert.Contains("\"linkStatus\":\"revoked\"", book.Body, StringComparison.Ordinal);
                Assert.True(revoke.Status == HttpStatusCode.OK, $"round {round}: revoke got {(int)revoke.Status} {revoke.Body}");
                Assert.Equal(("revoked", 0, 0), (status, link["uses"]!.GetValue<int>(), bookings));
            }
        }

        output.WriteLine($"book won {bookWins} round(s), revoke won {revokeWins}");
        Assert.Equal(20, bookWins + revokeWins);
        Assert.Equal(bookWins, await app.CountRowsAsync("booking|"));
        Assert.Equal(bookWins, await app.CountBookingClaimsAsync());
    }

    private static async Task<List<string>> ListStatusesAsync(TestApp app)
    {
        using var response = await app.ListAsync("?pageSize=200");
        var page = await response.AssertJsonAsync(HttpStatusCode.OK);
        return page["links"]!.AsArray().Select(l => l!["status"]!.GetValue<string>()).ToList();
    }
}
