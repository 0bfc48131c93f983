using Microsoft.Playwright;
using OneTimeLinks.Tests.Approval;
using OneTimeLinks.Tests.Browser;
using OneTimeLinks.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace OneTimeLinks.Tests.Panel;

/// <summary>
/// Issue 24 in Chromium: the owner confirms a pending request on the bookings page and cancels a confirmed booking (confirmation
/// step, reason), with script and without; every state passes axe-core, and the bookings
/// view is photographed at 1280 and 390 px in English and German (TestResults/screenshots/panel-bookings-*.png).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class PanelBookingsBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(1));

    [Theory]
    [MemberData(nameof(PanelBrowserTestHelpers.EnglishAndGermanWithAndWithoutScript), MemberType = typeof(PanelBrowserTestHelpers))]
    public async Task ConfirmARequestAndCancelABooking_WithAndWithoutScript_AxeCleanAndPhotographed(string language, bool script)
    {
        await using var app = await ApiTestHelpers.StartWithCalendarAsync(azurite, calendar: PanelBookingsTestHelpers.AllDayApprovalCalendar());
        var (pending, _) = await app.RequestThroughNewLinkAsync(Nine, note: "Jane, the roof repair");
        var (confirmed, _) = await app.RequestThroughNewLinkAsync(Nine.AddHours(1), note: "Max, kitchen");
        (await app.ConfirmAsync(confirmed)).Dispose();
        var panel = await app.MintPanelPathAsync(new { language, actor = new { id = "user-7", name = "Dana Owner" } });
        await using var context = await chromium.NewPanelContextAsync(app, script);
        var page = await context.NewPageAsync();
        string Text(string key) => PageTextResources.Get(key, language);
        var name = PanelBrowserTestHelpers.RunName(language, script);

        await page.GotoAsync(panel + "/bookings");
        await Expect(page.Locator("h1")).ToHaveTextAsync(Text("PanelBookings.Title"));
        await CheckAsync(page, script, $"panel-bookings-{language}", screenshots: script);

        // Confirm the request: back on the bookings page, which says so.
        await page.Locator($"#pending-{pending} form[action$='/confirm'] button").ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync(Text("PanelBookings.Done.Confirmed"));
        Assert.Equal("confirmed", (await app.BookingStateAsync(pending)).Text("status"));
        await CheckAsync(page, script, $"panel-bookings-confirmed-{name}");

        // Cancel the other booking: the confirmation step, a reason, and back to the bookings, which say so.
        await page.Locator($"#upcoming-{confirmed} a[href$='/cancel']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(Text("PanelBookings.CancelTitle"));
        await CheckAsync(page, script, $"panel-bookings-cancel-{name}");
        await page.Locator("#reason").FillAsync("Doctor is ill");
        await page.Locator("form button.primary").ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync(Text("PanelBookings.Done.Canceled"));
        var state = await app.BookingStateAsync(confirmed);
        Assert.Equal("canceled", state.Text("status"));
        Assert.Equal("Doctor is ill", state.Text("cancelReason"));
    }

    /// <summary>axe-core runs as a script, so only the runs with script check it; the markup is the same without.</summary>
    private static async Task CheckAsync(IPage page, bool script, string name, bool screenshots = false)
    {
        await PanelBrowserTestHelpers.AssertAxeCleanAsync(page, script, name);
        if (script && screenshots)
        {
            await PanelBrowserTestHelpers.PhotographAsync(page, name);
        }
    }
}
