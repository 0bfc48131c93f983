using System.Net;
using OneTimeLinks.Tests.Infrastructure;
using OneTimeLinks.Tests.Pages;
using static OneTimeLinks.Tests.Infrastructure.ApiTestHelpers;

namespace OneTimeLinks.Tests.BookingChanges;

/// <summary>
/// The calendar's <c>changeNoticeMinutes</c> seen from the invitee's manage page: its forms are there until the notice
/// begins and gone after it, and a form posted after it (from a page opened before) is refused with a page, changing nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChangeNoticePageTests(AzuriteFixture azurite) : CalendarAppTests(azurite)
{
    private const string TooLate = "This booking can no longer be changed here.";

    /// <summary>Monday 2026-12-07 11:00 Berlin (10:00Z): three hours after the pinned clock, so a two-hour notice begins at 08:00Z.</summary>
    private static readonly DateTimeOffset Eleven = FirstSlot.AddHours(2);

    private protected override object Calendar => new
    {
        name = "Dr. Smith",
        timeZone = "Europe/Berlin",
        slotMinutes = 30,
        changeNoticeMinutes = 120,
        horizonDays = 30,
        contactMessage = "Call +49 30 1234567.",
        availability = new Dictionary<string, object[]> { ["monday"] = [new { start = "09:00", end = "17:00" }] },
    };

    [Fact]
    public async Task ManagePage_OnceTheChangeNoticeBegins_ShowsNoFormsAndItsEarlierFormsAnswer409PagesChangingNothing()
    {
        var (booking, _) = await App.BookNewLinkAsync(Eleven);
        var path = Api.PathOf(booking["manageUrl"]!.GetValue<string>());
        var browser = App.Browser();

        App.Time.SetUtcNow(Eleven.AddMinutes(-121));
        var (open, before) = await browser.GetPageAsync(path);
        open.Dispose();
        Assert.Contains("class=\"reschedule-form\"", before, StringComparison.Ordinal);
        Assert.Contains("class=\"cancel-form\"", before, StringComparison.Ordinal);
        var moveKey = PageTestHelpers.IdempotencyKeyOf(before);
        var rows = await App.RowsAsync();

        App.Time.SetUtcNow(Eleven.AddMinutes(-119));
        var (late, after) = await browser.GetPageAsync(path);
        using (late)
        {
            PageTestHelpers.AssertHtml(late, HttpStatusCode.OK, after, "manage page inside the notice");
        }

        Assert.DoesNotContain("<form", after, StringComparison.Ordinal);
        Assert.Contains(TooLate, after, StringComparison.Ordinal);
        Assert.Contains("Call +49 30 1234567.", WebUtility.HtmlDecode(after), StringComparison.Ordinal);

        var (cancel, cancelHtml) = await browser.PostFormAsync(path + "/cancel", [
            new("idempotencyKey", moveKey.Replace(".move", ".cancel", StringComparison.Ordinal)), new("timeZone", "Europe/Berlin")]);
        var (move, moveHtml) = await browser.PostFormAsync(path + "/reschedule", [
            new("idempotencyKey", moveKey), new("timeZone", "Europe/Berlin"), new("start", PageTestHelpers.MondaySlot(14))]);
        using (cancel)
        using (move)
        {
            PageTestHelpers.AssertHtml(cancel, HttpStatusCode.Conflict, cancelHtml, "cancel inside the notice");
            PageTestHelpers.AssertHtml(move, HttpStatusCode.Conflict, moveHtml, "reschedule inside the notice");
        }

        Assert.Contains(TooLate, cancelHtml, StringComparison.Ordinal);
        Assert.Contains(TooLate, moveHtml, StringComparison.Ordinal);
        Assert.Equal(rows, await App.RowsAsync());
        using var read = await App.CrmGetAsync(booking["bookingId"]!.GetValue<string>());
        var stored = await read.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("confirmed", Eleven), (stored["status"]!.GetValue<string>(), Instant(stored["start"])));
    }
}
