using Microsoft.Playwright;
using OneTimeLinks.Tests.Approval;
using OneTimeLinks.Tests.Browser;
using OneTimeLinks.Tests.Pages;
using static Microsoft.Playwright.Assertions;
using static OneTimeLinks.Tests.Panel.PanelBrowserTestHelpers;

namespace OneTimeLinks.Tests.Panel;

/// <summary>
/// Issue 24 in Chromium, one link's page: edit its note and expiry, then remove the expiry, with script and without
/// and by keyboard alone; cancel a booking from the link's page. The link's page and its Edit form pass axe, reflow at
/// 320 px and are photographed at 1280 and 390 px in English and German (TestResults/screenshots/panel-link-*.png).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class PanelLinkBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IClassFixture<AzuriteFixture>
{
    private const string NewNote = "Max, the kitchen";

    [Theory]
    [InlineData("en", true)]
    [InlineData("en", false)]
    [InlineData("de", true)]
    [InlineData("de", false)]
    public async Task EditNoteAndExpiryThenNoExpiry_WithAndWithoutScript_SavedAndShown(string language, bool script)
    {
        await using var app = await ApiTestHelpers.StartWithCalendarAsync(azurite);
        var linkId = (await app.GenerateLinkAsync(ApiTestHelpers.CalendarId, new { note = "Jane, the roof" }))["linkId"]!.GetValue<string>();
        var panel = await app.MintPanelPathAsync(new { language });
        await using var context = await chromium.NewPanelContextAsync(app, script);
        var page = await context.NewPageAsync();
        string Text(string key) => PageTextResources.Get(key, language);
        var name = $"{language}-{(script ? "script" : "noscript")}";

        await page.GotoAsync(panel);
        await page.Locator($"#link-{linkId} a[href$='/links/{linkId}']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(Text("PanelLink.Title"));
        await page.Locator("#link-edit").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(Text("PanelLink.EditTitle"));
        await Expect(page.Locator("#noExpiry")).ToBeCheckedAsync();
        await CheckPageAsync(page, script, $"panel-link-edit-{language}", name);

        // A new note and an expiry: 20 December 18:00 in Berlin is 17:00Z.
        await page.Locator("#note").FillAsync(NewNote);
        await page.Locator("#noExpiry").UncheckAsync();
        await page.Locator("#expiresDate").FillAsync("2026-12-20");
        await page.Locator("#expiresTime").FillAsync("18:00");
        await page.Locator("form button.primary").ClickAsync();
        await Expect(page.Locator(".notice")).ToHaveTextAsync(Text("PanelLink.Updated"));
        await Expect(page.Locator(".panel-note")).ToHaveTextAsync(NewNote);
        await Expect(page.Locator(".summary time[datetime='2026-12-20T17:00:00Z']")).ToHaveCountAsync(1);
        var stored = await StoredAsync(app, linkId);
        Assert.Equal(NewNote, stored["note"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2026, 12, 20, 17, 0, 0, TimeSpan.Zero), ApiTestHelpers.Instant(stored["expiresAt"]));
        await CheckPageAsync(page, script, $"panel-link-{language}", name);

        // No expiry.
        await page.Locator("#link-edit").ClickAsync();
        await Expect(page.Locator("#expiresDate")).ToHaveValueAsync("2026-12-20");
        await page.Locator("#noExpiry").CheckAsync();
        await page.Locator("form button.primary").ClickAsync();
        await Expect(page.Locator(".notice")).ToHaveTextAsync(Text("PanelLink.Updated"));
        await Expect(page.Locator(".summary")).ToContainTextAsync(Text("Panel.Link.Never"));
        Assert.Null((await StoredAsync(app, linkId))["expiresAt"]);
    }

    /// <summary>Keyboard only, from the link's page: Edit, a new note, "No expiry", Save; the focus visible at each stop.</summary>
    [Fact]
    public async Task Edit_KeyboardOnly_FocusVisibleAtEveryStop()
    {
        await using var app = await ApiTestHelpers.StartWithCalendarAsync(azurite);
        var linkId = (await app.GenerateLinkAsync(ApiTestHelpers.CalendarId, new { note = "Jane", expiresAt = "2026-12-20T17:00:00Z" }))["linkId"]!.GetValue<string>();
        var panel = await app.MintPanelPathAsync(new { language = "en" });
        await using var context = await chromium.NewPanelContextAsync(app, script: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{panel}/links/{linkId}");

        await TabToAsync(page, "#link-edit");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Edit the link");
        await TabToAsync(page, "#note");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(NewNote);
        await TabToAsync(page, "#noExpiry");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "form button.primary");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".notice")).ToHaveTextAsync("The link was saved.");
        var stored = await StoredAsync(app, linkId);
        Assert.Equal(NewNote, stored["note"]!.GetValue<string>());
        Assert.Null(stored["expiresAt"]);
    }

    [Theory]
    [InlineData("en", true)]
    [InlineData("de", false)]
    public async Task CancelABooking_FromTheLinksPage_CanceledAndBackOnTheLink(string language, bool script)
    {
        await using var app = await ApiTestHelpers.StartWithCalendarAsync(azurite);
        var (bookingId, linkId) = await app.RequestThroughNewLinkAsync(ApiTestHelpers.FirstSlot, note: "Jane, the roof");
        var panel = await app.MintPanelPathAsync(new { language });
        await using var context = await chromium.NewPanelContextAsync(app, script);
        var page = await context.NewPageAsync();
        string Text(string key) => PageTextResources.Get(key, language);

        await page.GotoAsync($"{panel}/links/{linkId}");
        await Expect(page.Locator($"#booking-{bookingId}")).ToContainTextAsync("jane@example.com");
        await AssertAxeCleanAsync(page, script, $"panel-link-booking-{language}");
        await page.Locator($"#booking-{bookingId} a[href*='/cancel']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(Text("PanelBookings.CancelTitle"));
        await page.Locator("#reason").FillAsync("Doctor is ill");
        await page.Locator("form button.primary").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync(Text("PanelLink.Title"));
        await Expect(page.Locator(".notice")).ToHaveTextAsync(Text("PanelLink.Canceled"));
        await Expect(page.Locator($"#booking-{bookingId} .status")).ToHaveTextAsync(Text("PanelBookings.Status.canceled"));
        var state = await app.BookingStateAsync(bookingId);
        Assert.Equal("canceled", state.Text("status"));
        Assert.Equal("Doctor is ill", state.Text("cancelReason"));
        await AssertAxeCleanAsync(page, script, $"panel-link-canceled-{language}");
    }

    private static async Task CheckPageAsync(IPage page, bool script, string photo, string name)
    {
        await AssertAxeCleanAsync(page, script, $"{photo} ({name})");
        if (script)
        {
            await AssertReflowsAsync(page, photo);
            await PhotographAsync(page, photo);
        }
    }

    private static async Task<JsonObject> StoredAsync(TestApp app, string linkId)
    {
        using var response = await app.GetLinkAsync(linkId);
        return await response.AssertJsonAsync(HttpStatusCode.OK);
    }
}
