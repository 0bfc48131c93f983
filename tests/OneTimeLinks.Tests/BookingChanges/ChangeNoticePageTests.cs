using OneTimeLinks.Tests.Pages;

namespace OneTimeLinks.Tests.BookingChanges;

/// <summary>
/// The calendar's <c>changeNoticeMinutes</c> seen from the invitee's manage page: its forms are there until the notice
/// begins and gone after it, and a form posted after it (from a page opened before) is refused with a page, changing nothing.
/// </summary>
public sealed class ChangeNoticePageTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private const string TooLate = "This booking can no longer be changed here.";

    /// <summary>Monday 2026-12-07 11:00 Berlin (10:00Z): three hours after the pinned clock, so a two-hour notice begins at 08:00Z.</summary>
    private static readonly DateTimeOffset Eleven = FirstSlot.AddHours(2);

    private protected override object Calendar => JsonBody.With(Api.BerlinCalendar(), "changeNoticeMinutes", 120);

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
        var rows = await App.RowsAsync();

        App.Time.SetUtcNow(Eleven.AddMinutes(-119));
        var (late, after) = await browser.GetPageAsync(path);
        using (late)
        {
            PageTestHelpers.AssertHtml(late, HttpStatusCode.OK, after, "manage page inside the notice");
        }

        Assert.DoesNotContain("<form", after, StringComparison.Ordinal);
        Assert.Contains(TooLate, after, StringComparison.Ordinal);
        Assert.Contains("Please call us on +49 30 1234567.", WebUtility.HtmlDecode(after), StringComparison.Ordinal);

        var (cancel, cancelHtml) = await browser.PostManageFormAsync(path, before, "cancel");
        var (move, moveHtml) = await browser.PostManageFormAsync(path, before, "reschedule", FirstSlot.AddHours(7));
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
