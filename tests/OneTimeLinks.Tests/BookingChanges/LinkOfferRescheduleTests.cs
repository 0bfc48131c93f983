using System.Globalization;
using OneTimeLinks.Tests.Pages;

namespace OneTimeLinks.Tests.BookingChanges;

/// <summary>
/// A booking made through a narrowed link (its <c>window</c>, its <c>durationMinutes</c>) stays inside what that link
/// offered when the invitee moves it, on the manage page and in JSON; the CRM may still move it anywhere the calendar allows.
/// </summary>
public sealed class LinkOfferRescheduleTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Berlin = TimeSpan.FromHours(1);

    /// <summary>Tuesday 2026-12-08 09:00 Berlin; the link's window is 09:00–11:00 that day.</summary>
    private static readonly DateTimeOffset TuesdayNine = new(2026, 12, 8, 9, 0, 0, Berlin);

    private static readonly DateTimeOffset[] InsideWindowAfterNine = [TuesdayNine.AddMinutes(30), TuesdayNine.AddMinutes(60), TuesdayNine.AddMinutes(90)];

    private protected override object Calendar => JsonBody.With(Api.BerlinCalendar(), "durationOptions", new JsonArray(30, 60));

    private static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private async Task<(string BookingId, string ManageUrl)> BookThroughAsync(object link, DateTimeOffset start)
    {
        var url = (await App.GenerateLinkAsync(CalendarId, link))["url"]!.GetValue<string>();
        using var response = await App.BookJsonAsync(url, start);
        var booking = await response.AssertJsonAsync(HttpStatusCode.Created);
        return (booking["bookingId"]!.GetValue<string>(), booking["manageUrl"]!.GetValue<string>());
    }

    private Task<(string BookingId, string ManageUrl)> BookThroughWindowAsync() =>
        BookThroughAsync(new { window = new { from = Iso(TuesdayNine), to = Iso(TuesdayNine.AddHours(2)) } }, TuesdayNine);

    private async Task<List<(DateTimeOffset Start, DateTimeOffset End)>> ManageSlotsAsync(string manageUrl)
    {
        using var response = await App.ManageGetAsync(manageUrl);
        var view = await response.AssertJsonAsync(HttpStatusCode.OK);
        return [.. view["slots"]!.AsArray().Select(slot => (Instant(slot!["start"]), Instant(slot["end"])))];
    }

    private async Task<(HttpResponseMessage Response, string Html)> PostPageRescheduleAsync(string manageUrl, DateTimeOffset start)
    {
        var browser = App.Browser();
        var (page, html) = await browser.GetPageAsync(Api.PathOf(manageUrl));
        page.Dispose();
        return await browser.PostManageFormAsync(Api.PathOf(manageUrl), html, "reschedule", start);
    }

    [Fact]
    public async Task ManageList_BookedThroughAWindow_OffersOnlyTheWindowsOtherTimesInJsonAndOnThePage()
    {
        var (_, manageUrl) = await BookThroughWindowAsync();

        Assert.Equal(InsideWindowAfterNine, (await ManageSlotsAsync(manageUrl)).Select(slot => slot.Start));
        Assert.Equal(InsideWindowAfterNine.Select(PageTestHelpers.RadioValue), await App.OfferedOnPageAsync(Api.PathOf(manageUrl)));
    }

    [Fact]
    public async Task InviteeReschedule_OutsideTheLinksWindow_409TimeNotFreeOnEitherSideAndWritesNothing()
    {
        var (bookingId, manageUrl) = await BookThroughWindowAsync();
        var before = await App.RowsAsync();
        var bookingBefore = await (await App.CrmGetAsync(bookingId)).ReadObjectAsync();

        // Free and on the calendar's grid, but outside 09:00–11:00 Tuesday: before it, after it, and one whose end overruns it.
        foreach (var outside in new[] { TuesdayNine.AddDays(-1), TuesdayNine.AddHours(3), TuesdayNine.AddDays(1), TuesdayNine.AddHours(2) })
        {
            using var json = await App.ManageRescheduleAsync(manageUrl, outside);
            var problem = await json.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal("urn:onetimelinks:problem:time-not-free", problem["type"]!.GetValue<string>());

            var (page, html) = await PostPageRescheduleAsync(manageUrl, outside);
            using (page)
            {
                PageTestHelpers.AssertHtml(page, HttpStatusCode.Conflict, html, $"reschedule page to {outside:O}");
                Assert.Contains("That time is no longer free", html, StringComparison.Ordinal);
            }
        }

        Assert.Equal(before, await App.RowsAsync());
        Assert.Equal(bookingBefore.ToJsonString(), (await (await App.CrmGetAsync(bookingId)).ReadObjectAsync()).ToJsonString());
    }

    [Fact]
    public async Task InviteeReschedule_InsideTheLinksWindow_MovesItInJsonAndOnThePage()
    {
        var (bookingId, manageUrl) = await BookThroughWindowAsync();

        using (var json = await App.ManageRescheduleAsync(manageUrl, TuesdayNine.AddMinutes(90)))
        {
            Assert.Equal(TuesdayNine.AddMinutes(90), Instant((await json.AssertJsonAsync(HttpStatusCode.OK))["start"]));
        }

        var (page, _) = await PostPageRescheduleAsync(manageUrl, TuesdayNine.AddMinutes(30));
        using (page)
        {
            Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
        }

        using var read = await App.CrmGetAsync(bookingId);
        Assert.Equal(TuesdayNine.AddMinutes(30), Instant((await read.AssertJsonAsync(HttpStatusCode.OK))["start"]));
    }

    [Fact]
    public async Task CrmReschedule_BookedThroughAWindow_MovesItOutsideTheWindow()
    {
        var (bookingId, manageUrl) = await BookThroughWindowAsync();

        using var moved = await App.CrmRescheduleAsync(bookingId, TuesdayNine.AddDays(2).AddHours(5));

        Assert.Equal(TuesdayNine.AddDays(2).AddHours(5), Instant((await moved.AssertJsonAsync(HttpStatusCode.OK))["start"]));
        using var view = await App.ManageGetAsync(manageUrl);
        Assert.Equal(TuesdayNine.AddDays(2).AddHours(5), Instant((await view.AssertJsonAsync(HttpStatusCode.OK))["booking"]!["start"]));
    }

    [Fact]
    public async Task ManageList_BookedThroughALinkOfOneHour_OffersOnlyHourLongTimesThatFitTheDay()
    {
        var (_, manageUrl) = await BookThroughAsync(new { durationMinutes = new[] { 60 } }, TuesdayNine);

        var slots = await ManageSlotsAsync(manageUrl);
        var pageSlots = await App.OfferedOnPageAsync(Api.PathOf(manageUrl));

        Assert.NotEmpty(slots);
        Assert.All(slots, slot => Assert.Equal(TimeSpan.FromHours(1), slot.End - slot.Start));
        var tuesday = slots.Where(slot => slot.Start.ToOffset(Berlin).Date == TuesdayNine.Date).Select(slot => slot.Start).ToList();
        Assert.Equal(TuesdayNine.AddHours(7), tuesday[^1]);
        Assert.DoesNotContain(TuesdayNine.AddHours(7.5), tuesday);
        Assert.Equal(slots.Select(slot => PageTestHelpers.RadioValue(slot.Start)), pageSlots);
    }

    [Fact]
    public async Task InviteeReschedule_BookedThroughALinkOfOneHour_KeepsTheHourAndRefusesAStartItDoesNotFit()
    {
        var (bookingId, manageUrl) = await BookThroughAsync(new { durationMinutes = new[] { 60 } }, TuesdayNine);
        var before = await App.RowsAsync();

        using (var overrun = await App.ManageRescheduleAsync(manageUrl, TuesdayNine.AddHours(7.5)))
        {
            await overrun.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        var (page, _) = await PostPageRescheduleAsync(manageUrl, TuesdayNine.AddHours(7.5));
        page.Dispose();
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Equal(before, await App.RowsAsync());

        using var moved = await App.ManageRescheduleAsync(manageUrl, TuesdayNine.AddHours(7));
        var body = await moved.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal((TuesdayNine.AddHours(7), TuesdayNine.AddHours(8)), (Instant(body["start"]), Instant(body["end"])));
        using var read = await App.CrmGetAsync(bookingId);
        Assert.Equal(TuesdayNine.AddHours(8), Instant((await read.AssertJsonAsync(HttpStatusCode.OK))["end"]));
    }
}
