using System.Globalization;
using System.Text.RegularExpressions;
using OneTimeLinks.Tests.BookingChanges;
using OneTimeLinks.Tests.Pages;

namespace OneTimeLinks.Tests.Availability;

/// <summary>
/// Daylight-saving changes end to end, through HTTP against the runner and Azurite, in 2027 (the year after the pinned
/// clock): what an invitee sees offered on the Sunday the clocks change, the instant a booking and a move store, and the
/// day limit counted over the calendar-local day of 23, 23½, 24½ or 25 hours. The rules are SlotCalculator's: a start
/// the wall clock skips is not offered; a repeated one is offered once, at its first occurrence.
/// </summary>
public sealed partial class DstEndToEndTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // Every transition falls inside Sunday 00:00–06:00 local; the evening before and after lets the day limit be seen at
    // both of the Sunday's bounds.
    private static readonly object Hours = new Dictionary<string, object[]>
    {
        ["saturday"] = [new { start = "18:00", end = "24:00" }],
        ["sunday"] = [new { start = "00:00", end = "06:00" }, new { start = "18:00", end = "24:00" }],
        ["monday"] = [new { start = "00:00", end = "06:00" }],
    };

    private static readonly TimeOnly Six = new(6, 0);

    /// <summary>
    /// One clock change: its zone and Sunday, the wall-clock starts of 00:00–05:30 the clock skips, the first wall time
    /// read with the new offset, the offsets before and after, and (when the clocks go back) a repeated start's second occurrence.
    /// </summary>
    private sealed record Change(string Zone, string Sunday, string Skipped, string At, string Before, string After, string? SecondOccurrence)
    {
        public DateOnly Date => DateOnly.ParseExact(Sunday, "yyyy-MM-dd", CultureInfo.InvariantCulture);

        public TimeOnly ChangeTime => TimeOnly.ParseExact(At, "HH:mm", CultureInfo.InvariantCulture);

        /// <summary>The instant a wall-clock time of the Sunday names, as the design says it is offered.</summary>
        public DateTimeOffset Local(TimeOnly time, int days = 0) =>
            new(Date.AddDays(days).ToDateTime(time), Offset(days < 0 || (days == 0 && time < ChangeTime) ? Before : After));

        /// <summary>The Sunday's first and last slots, and the slots either side of it: where the day limit's day begins and ends.</summary>
        public DateTimeOffset SundayMidnight => Local(new TimeOnly(0, 0));

        public DateTimeOffset SundayLast => Local(new TimeOnly(23, 30));

        public DateTimeOffset SaturdayLast => Local(new TimeOnly(23, 30), days: -1);

        public DateTimeOffset MondayMidnight => Local(new TimeOnly(0, 0), days: 1);

        public IReadOnlyList<TimeOnly> OfferedMorning() =>
            [.. Enumerable.Range(0, 12).Select(i => new TimeOnly(0, 0).AddMinutes(30 * i))
                .Where(t => !Skipped.Split(',', StringSplitOptions.RemoveEmptyEntries).Contains(t.ToString("HH:mm", CultureInfo.InvariantCulture)))];

        private static TimeSpan Offset(string text) => DateTimeOffset.Parse("2000-01-01T00:00:00" + text, CultureInfo.InvariantCulture).Offset;
    }

    private static readonly Dictionary<string, Change> All = new()
    {
        ["Berlin spring"] = new("Europe/Berlin", "2027-03-28", "02:00,02:30", "03:00", "+01:00", "+02:00", null),
        ["Berlin autumn"] = new("Europe/Berlin", "2027-10-31", "", "03:00", "+02:00", "+01:00", "2027-10-31T02:00:00+01:00"),
        ["New York spring"] = new("America/New_York", "2027-03-14", "02:00,02:30", "03:00", "-05:00", "-04:00", null),
        ["New York autumn"] = new("America/New_York", "2027-11-07", "", "02:00", "-04:00", "-05:00", "2027-11-07T01:00:00-05:00"),
        ["Lord Howe spring"] = new("Australia/Lord_Howe", "2027-10-03", "02:00", "02:30", "+10:30", "+11:00", null),
        ["Lord Howe autumn"] = new("Australia/Lord_Howe", "2027-04-04", "", "02:00", "+11:00", "+10:30", "2027-04-04T01:30:00+10:30"),
    };

    public static TheoryData<string> Changes => [.. All.Keys];

    private async Task<(TestApp App, string Url)> StartAsync(Change change, int? maxBookingsPerDay = null)
    {
        // Wednesday noon UTC before the change: notice 0 and a 30-day horizon put the whole weekend in reach.
        var now = new DateTimeOffset(change.Date.AddDays(-4).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var app = await TestApp.StartAsync(azurite, now: now);
        await app.CreateCalendarAsync(CalendarId, new
        {
            name = "Night clinic",
            timeZone = change.Zone,
            slotMinutes = 30,
            availability = Hours,
            minimumNoticeMinutes = 0,
            horizonDays = 30,
            maxBookingsPerDay,
        });
        return (app, (await app.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>());
    }

    private static async Task<List<(DateTimeOffset Start, DateTimeOffset End)>> OfferedAsync(TestApp app, string url)
    {
        using var response = await app.OpenAsync(url);
        var body = await response.AssertJsonAsync(HttpStatusCode.OK);
        return [.. body["slots"]!.AsArray().Select(slot => (Instant(slot!["start"]), Instant(slot["end"])))];
    }

    private static DateOnly LocalDate(Change change, DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(change.Zone)).DateTime);

    private static TimeOnly LocalTime(Change change, DateTimeOffset instant) =>
        TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(change.Zone)).DateTime);

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Open_SundayTheClocksChange_OffersEachExistingLocalTimeOnceAtItsOwnOffsetInJsonAndOnThePage(string name)
    {
        var change = All[name];
        var (app, url) = await StartAsync(change);
        await using var _ = app;

        var morning = (await OfferedAsync(app, url))
            .Where(slot => LocalDate(change, slot.Start) == change.Date && LocalTime(change, slot.Start) < Six)
            .ToList();

        Assert.Equal(change.OfferedMorning().Select(t => change.Local(t)), morning.Select(slot => slot.Start));
        Assert.All(morning, slot => Assert.Equal(TimeSpan.FromMinutes(30), slot.End - slot.Start));

        var (page, html) = await app.Browser().GetPageAsync(Api.PathOf(url));
        using (page)
        {
            PageTestHelpers.AssertHtml(page, HttpStatusCode.OK, html, "booking page");
        }

        Assert.Equal(change.Zone, PageTestHelpers.Hidden(html, "timeZone"));
        var shown = ShownSlot().Matches(html)
            .Select(m => (Start: DateTimeOffset.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Time: m.Groups[2].Value))
            .Where(slot => LocalDate(change, slot.Start) == change.Date && LocalTime(change, slot.Start) < Six)
            .ToList();
        Assert.Equal(morning.Select(slot => slot.Start), shown.Select(slot => slot.Start));
        Assert.Equal(change.OfferedMorning().Select(t => t.ToString("HH:mm", CultureInfo.InvariantCulture)), shown.Select(slot => slot.Time));
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task BookAndReschedule_AcrossTheChange_StoreTheOfferedInstantsAndRefuseARepeatedTimesSecondOccurrence(string name)
    {
        var change = All[name];
        var (app, url) = await StartAsync(change);
        await using var _ = app;
        var one = change.Local(new TimeOnly(1, 0));
        var four = change.Local(new TimeOnly(4, 0));

        using var booked = await app.BookJsonAsync(url, one);
        var booking = await booked.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal((one, one.AddMinutes(30)), (Instant(booking["start"]), Instant(booking["end"])));
        var manageUrl = booking["manageUrl"]!.GetValue<string>();

        if (change.SecondOccurrence is { } second)
        {
            var repeated = DateTimeOffset.Parse(second, CultureInfo.InvariantCulture);
            var before = await app.RowsAsync();
            using var refused = await app.ManageRescheduleAsync(manageUrl, repeated);
            await refused.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal(before, await app.RowsAsync());
        }

        using var moved = await app.ManageRescheduleAsync(manageUrl, four);
        var body = await moved.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal((four, four.AddMinutes(30)), (Instant(body["start"]), Instant(body["end"])));
        Assert.DoesNotContain(four, (await OfferedAsync(app, (await app.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>())).Select(s => s.Start));
        var claim = Assert.Single(await app.AgendaClaimsAsync());
        Assert.Equal((four, four.AddMinutes(30)), (claim.Start, claim.End));
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task DayLimit_SundayTheClocksChange_CountsTheWholeLocalDayAndNoMore(string name)
    {
        var change = All[name];
        var (app, url) = await StartAsync(change, maxBookingsPerDay: 1);
        await using var _ = app;

        // The day's last slot fills it: on a 25-hour day it starts more than 24 hours after the day began.
        using (var last = await app.BookJsonAsync(url, change.SundayLast))
        {
            Assert.Equal(change.SundayLast, Instant((await last.AssertJsonAsync(HttpStatusCode.Created))["start"]));
        }

        var next = (await app.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        var offered = (await OfferedAsync(app, next)).Select(slot => slot.Start).ToList();
        Assert.DoesNotContain(offered, start => LocalDate(change, start) == change.Date);
        Assert.Contains(change.SaturdayLast, offered);
        Assert.Contains(change.MondayMidnight, offered);

        var before = await app.RowsAsync();
        using (var full = await app.BookJsonAsync(next, change.SundayMidnight))
        {
            await full.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        Assert.Equal(before, await app.RowsAsync());
        using var monday = await app.BookJsonAsync(next, change.MondayMidnight);
        await monday.AssertJsonAsync(HttpStatusCode.Created);
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task InviteeReschedule_WithinTheFullLocalDay_MovesAcrossTheChangeButNotIntoAnotherFullDay(string name)
    {
        var change = All[name];
        var (app, url) = await StartAsync(change, maxBookingsPerDay: 1);
        await using var _ = app;
        using var booked = await app.BookJsonAsync(url, change.SundayMidnight);
        var manageUrl = (await booked.AssertJsonAsync(HttpStatusCode.Created))["manageUrl"]!.GetValue<string>();
        using (var other = await app.BookJsonAsync((await app.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>(), change.MondayMidnight))
        {
            await other.AssertJsonAsync(HttpStatusCode.Created);
        }

        using (var intoMonday = await app.ManageRescheduleAsync(manageUrl, change.MondayMidnight.AddMinutes(30)))
        {
            await intoMonday.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        using var moved = await app.ManageRescheduleAsync(manageUrl, change.SundayLast);
        Assert.Equal(change.SundayLast, Instant((await moved.AssertJsonAsync(HttpStatusCode.OK))["start"]));
    }

    [GeneratedRegex("<input type=\"radio\" name=\"start\" value=\"([^\"]+)\"[^>]*><span data-time>([^<]+)</span>")]
    private static partial Regex ShownSlot();
}
