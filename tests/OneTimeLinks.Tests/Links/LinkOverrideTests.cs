using System.Globalization;
using OneTimeLinks.Tests.Pages;

namespace OneTimeLinks.Tests.Links;

/// <summary>Per-link durations, window and title through the real app on Azurite: offered on open, enforced at book time.</summary>
public sealed class LinkOverrideTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset WindowFrom = new(2026, 12, 8, 10, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset WindowTo = new(2026, 12, 8, 12, 0, 0, TimeSpan.FromHours(1));

    // The default calendar with three appointment lengths a link may choose among.
    private protected override object Calendar
    {
        get
        {
            var calendar = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Infrastructure.Api.BerlinCalendar()))!.AsObject();
            calendar["durationOptions"] = new JsonArray(30, 60, 90);
            return calendar;
        }
    }

    private protected override bool CapturesServiceBus => false;

    [Fact]
    public async Task Overrides_AreOfferedOnOpen_AndEnforcedAtBookTime()
    {
        var created = await App.GenerateLinkAsync(CalendarId, new
        {
            durationMinutes = new[] { 30, 60 },
            window = new { from = WindowFrom.ToString("O"), to = WindowTo.ToString("O") },
            title = "Intro call with Dr. Smith",
        });
        Assert.Equal("Intro call with Dr. Smith", created["title"]!.GetValue<string>());
        Assert.Equal([30, 60], created["durationMinutes"]!.AsArray().Select(d => d!.GetValue<int>()));
        var path = Infrastructure.Api.PathOf(created["url"]!.GetValue<string>());

        var open = await (await App.Public.GetAsync(path)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Intro call with Dr. Smith", open["calendar"]!["name"]!.GetValue<string>());
        Assert.Equal([30, 60], open["durations"]!.AsArray().Select(d => d!.GetValue<int>()));
        Assert.Equal(30, open["durationMinutes"]!.GetValue<int>());
        Assert.Equal(
            [WindowFrom, WindowFrom.AddMinutes(30), WindowFrom.AddMinutes(60), WindowFrom.AddMinutes(90)],
            open["slots"]!.AsArray().Select(s => Infrastructure.Api.Parse(s!["start"]!)));

        var open60 = await (await App.Public.GetAsync(path + "?duration=60")).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(60, open60["durationMinutes"]!.GetValue<int>());
        Assert.Equal(
            [WindowFrom, WindowFrom.AddMinutes(30), WindowFrom.AddMinutes(60)],
            open60["slots"]!.AsArray().Select(s => Infrastructure.Api.Parse(s!["start"]!)));
        Assert.All(open60["slots"]!.AsArray(), s => Assert.Equal(TimeSpan.FromMinutes(60), Infrastructure.Api.Parse(s!["end"]!) - Infrastructure.Api.Parse(s!["start"]!)));

        // The calendar allows 90 minutes; this link does not.
        using (var response = await Book(path, WindowFrom, 90))
        {
            Assert.NotNull((await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity))["errors"]!["durationMinutes"]);
        }

        // Inside the calendar's hours, outside the link's window.
        using (var response = await Book(path, WindowTo, 30))
        {
            await response.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        // 11:30 + 60 minutes ends after the window.
        using (var response = await Book(path, WindowFrom.AddMinutes(90), 60))
        {
            await response.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        using (var response = await Book(path, WindowFrom.AddMinutes(60), 60))
        {
            var booking = await response.AssertJsonAsync(HttpStatusCode.Created);
            Assert.Equal(WindowFrom.AddMinutes(120), Infrastructure.Api.Parse(booking["end"]!));
        }
    }

    [Fact]
    public async Task Overrides_ThatWidenOrAreMalformed_Answer422_AndStoreNothing()
    {
        object[] bodies =
        [
            new { durationMinutes = 45 },
            new { durationMinutes = new[] { 30, 60, 90, 120, 150 } },
            new { window = new { from = WindowTo.ToString("O"), to = WindowFrom.ToString("O") } },
            new { window = new { from = WindowFrom.ToString("O") } },
            new { title = new string('t', 201) },
        ];
        string[] fields = ["durationMinutes", "durationMinutes", "window.to", "window.to", "title"];

        for (var i = 0; i < bodies.Length; i++)
        {
            using var response = await App.Management.PostAsJsonAsync($"/api/calendars/{CalendarId}/links", bodies[i]);
            var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.True(problem["errors"]!.AsObject().ContainsKey(fields[i]), $"{i}: {problem}");
        }

        Assert.Equal(0, await App.CountRowsAsync("link|"));
    }

    [Fact]
    public async Task Overrides_OneDuration_AsANumber_IsTheOnlyOneOffered()
    {
        var created = await App.GenerateLinkAsync(CalendarId, new { durationMinutes = 90 });
        var open = await (await App.Public.GetAsync(Infrastructure.Api.PathOf(created["url"]!.GetValue<string>()) + "?duration=30")).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal([90], open["durations"]!.AsArray().Select(d => d!.GetValue<int>()));
        Assert.Equal(90, open["durationMinutes"]!.GetValue<int>());
    }

    [Fact]
    public async Task Overrides_OnTheBookingPage_OffersTheLengthsAndTheFormBooksTheChosenOne()
    {
        var created = await App.GenerateLinkAsync(CalendarId, new { durationMinutes = new[] { 30, 60 }, title = "Intro call" });
        var path = Infrastructure.Api.PathOf(created["url"]!.GetValue<string>());
        using var browser = App.Browser();

        var (_, page30) = await browser.GetPageAsync(path);
        Assert.Contains("<h1>Intro call</h1>", page30, StringComparison.Ordinal);
        Assert.Equal("30", PageTestHelpers.Hidden(page30, "durationMinutes"));
        Assert.Contains("?duration=60", page30, StringComparison.Ordinal);

        var (_, page60) = await browser.GetPageAsync(path + "?duration=60");
        Assert.Equal("60", PageTestHelpers.Hidden(page60, "durationMinutes"));
        var form = PageTestHelpers.FormFrom(page60, WindowFrom.ToString("O", CultureInfo.InvariantCulture));
        form.Add(new("durationMinutes", PageTestHelpers.Hidden(page60, "durationMinutes")));
        var (booked, _) = await browser.PostFormAsync(path + "/book", form);
        Assert.Equal(HttpStatusCode.SeeOther, booked.StatusCode);

        using var read = await App.GetLinkAsync(created["linkId"]!.GetValue<string>());
        var booking = (await read.AssertJsonAsync(HttpStatusCode.OK))["bookings"]![0]!;
        Assert.Equal(TimeSpan.FromMinutes(60), Infrastructure.Api.Parse(booking["end"]!) - Infrastructure.Api.Parse(booking["start"]!));
    }

    private Task<HttpResponseMessage> Book(string path, DateTimeOffset start, int durationMinutes) =>
        App.Public.PostAsJsonAsync(path + "/book", new
        {
            start = start.ToString("O", CultureInfo.InvariantCulture), name = "Jane Doe", email = "jane@example.com", durationMinutes,
        });
}
