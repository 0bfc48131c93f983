using Microsoft.Playwright;
using OneTimeLinks.Tests.Approval;
using OneTimeLinks.Tests.Browser;
using OneTimeLinks.Tests.Pages;
using static Microsoft.Playwright.Assertions;
using static OneTimeLinks.Tests.Panel.PanelBrowserTestHelpers;

namespace OneTimeLinks.Tests.Panel;

/// <summary>
/// Issue 24 in Chromium, the links and a link's page: generate, copy (the clipboard read back), the new link at the top
/// of Active, revoke with its confirmation step and the link in Revoked; edit a link's note and expiry, then no expiry;
/// cancel a booking from the link's page; the 429 of a 61st generate. With script and without, by mouse and by keyboard
/// alone (visible focus at every stop). Every state passes axe and reflows at 320 px; the links page with a new link, a
/// link's page and its Edit form are photographed at 1280 and 390 px in English and German
/// (TestResults/screenshots/panel-link*.png).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class PanelLinksBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IClassFixture<AzuriteFixture>
{
    private const string Note = "Jane, the roof repair";
    private const string NewNote = "Max, the kitchen";
    private static readonly string[] ClipboardPermissions = ["clipboard-read", "clipboard-write"];

    [Theory]
    [MemberData(nameof(EnglishAndGermanWithAndWithoutScript), MemberType = typeof(PanelBrowserTestHelpers))]
    public async Task GenerateCopyAndRevoke_WithAndWithoutScript_NewLinkOnTopThenInRevoked(string language, bool script)
    {
        await using var app = await ApiTestHelpers.StartWithCalendarAsync(azurite);
        await app.GenerateLinkAsync(ApiTestHelpers.CalendarId, new { note = "An older link" });
        // The clock is fake: without a step the two links would be made at the same instant, and neither be newer.
        app.Time.Advance(TimeSpan.FromMinutes(1));
        var panel = await app.MintPanelPathAsync(new { language, actor = new { id = "user-7", name = "Dana Owner" } });
        await using var context = await chromium.NewPanelContextAsync(app, script);
        await context.GrantPermissionsAsync(ClipboardPermissions, new BrowserContextGrantPermissionsOptions { Origin = app.BaseAddress.GetLeftPart(UriPartial.Authority) });
        var page = await context.NewPageAsync();
        string Text(string key) => PageTextResources.Get(key, language);
        var name = RunName(language, script);

        await page.GotoAsync(panel);
        await Expect(page.Locator("h1")).ToHaveTextAsync(Text("Panel.Links.Title"));
        await page.Locator(".panel-generate summary").ClickAsync();
        await AssertAxeCleanAsync(page, script, $"panel-links-generate-{name}");
        await page.Locator("#note").FillAsync(Note);
        await page.Locator(".panel-generate button[type=submit]").ClickAsync();

        // The URL is shown once, read-only, and the new link heads the Active list.
        var field = page.Locator("#created-url");
        await Expect(field).ToBeVisibleAsync();
        await Expect(field).ToHaveAttributeAsync("readonly", string.Empty);
        var url = await field.InputValueAsync();
        Assert.StartsWith(PanelTestHelpers.PanelOrigin + "/", url, StringComparison.Ordinal);
        var first = page.Locator(".panel-link").First;
        await Expect(first.Locator(".panel-note")).ToHaveTextAsync(Note);
        var linkId = (await first.GetAttributeAsync("id"))!["link-".Length..];
        Assert.Contains(linkId, url, StringComparison.Ordinal);
        await Expect(page.Locator(".panel-link")).ToHaveCountAsync(2);

        var copy = page.Locator("button[data-copy]");
        if (script)
        {
            await copy.ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = Text("PanelGenerate.Copied") })).ToBeVisibleAsync();
            Assert.Equal(url, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
            await AssertAxeCleanAsync(page, script, $"panel-links-created-{name}");
            await PhotographAsync(page, $"panel-links-{language}");
            await AssertReflowsAsync(page, $"panel-links-created-{name}");
        }
        else
        {
            await Expect(copy).ToBeHiddenAsync();
        }

        // Revoke: the confirmation step, then the Revoked tab with the link in it.
        await first.Locator("a[href$='/revoke']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(Text("Panel.Revoke.Title"));
        await Expect(page.Locator(".panel-note")).ToHaveTextAsync(Note);
        await AssertAxeCleanAsync(page, script, $"panel-revoke-{name}");
        if (script)
        {
            await AssertReflowsAsync(page, $"panel-revoke-{name}");
        }

        await page.Locator("form button.primary").ClickAsync();
        await Expect(page.Locator(".notice")).ToHaveTextAsync(Text("Panel.Links.Revoked"));
        await Expect(page.Locator(".panel-tabs [aria-current=page]")).ToHaveTextAsync(Text("Panel.Status.revoked"));
        await Expect(page.Locator($"#link-{linkId} .panel-note")).ToHaveTextAsync(Note);
        await AssertAxeCleanAsync(page, script, $"panel-links-revoked-{name}");
        Assert.Equal("revoked", (await StoredAsync(app, linkId))["status"]!.GetValue<string>());
    }

    /// <summary>The 61st generate in a minute is a readable 429 page, axe-clean in English and German.</summary>
    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task Generate_SixtyFirstInAMinute_TooManyPageAxeClean(string language)
    {
        await using var app = await ApiTestHelpers.StartWithCalendarAsync(azurite);
        var panel = await app.MintPanelPathAsync(new { language });
        await using var context = await chromium.NewPanelContextAsync(app, script: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync(panel);
        var formToken = await page.Locator("input[name=formToken]").First.InputValueAsync();
        using var client = app.Browser();
        await Task.WhenAll(Enumerable.Range(0, 60).Select(async _ =>
        {
            var (sent, _) = await client.PostPanelFormAsync(panel + "/links", [new("formToken", formToken), new("note", "Rate")]);
            using (sent)
            {
                Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
            }
        }));

        await page.Locator(".panel-generate summary").ClickAsync();
        await page.Locator("#note").FillAsync("One more");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.Locator(".panel-generate button[type=submit]").ClickAsync(),
            response => response.Request.Method == "POST");
        Assert.Equal(429, refused.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync(PageTextResources.Get("PanelLink.TooMany.Title", language));
        await AssertAxeCleanAsync(page, script: true, $"panel-too-many-{language}");
    }

    /// <summary>Keyboard only: open Generate, type the note, submit, copy, revoke and confirm, the focus visible at each stop.</summary>
    [Fact]
    public async Task GenerateCopyAndRevoke_KeyboardOnly_FocusVisibleAtEveryStop()
    {
        await using var app = await ApiTestHelpers.StartWithCalendarAsync(azurite);
        var panel = await app.MintPanelPathAsync(new { language = "en" });
        await using var context = await chromium.NewPanelContextAsync(app, script: true);
        await context.GrantPermissionsAsync(ClipboardPermissions, new BrowserContextGrantPermissionsOptions { Origin = app.BaseAddress.GetLeftPart(UriPartial.Authority) });
        var page = await context.NewPageAsync();
        await page.GotoAsync(panel);

        await TabToAsync(page, ".panel-generate summary");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator(".panel-generate")).ToHaveAttributeAsync("open", string.Empty);
        await TabToAsync(page, "#note");
        await page.Keyboard.TypeAsync(Note);
        await TabToAsync(page, ".panel-generate button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#created-url")).ToBeVisibleAsync();
        var url = await page.Locator("#created-url").InputValueAsync();

        await TabToAsync(page, "button[data-copy]");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator("#copy-status")).ToHaveTextAsync("Copied");
        Assert.Equal(url, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));

        await TabToAsync(page, ".panel-link a[href$='/revoke']");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Revoke this link?");
        await TabToAsync(page, "form button.primary");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator(".notice")).ToHaveTextAsync("The link was revoked.");
        await Expect(page.Locator(".panel-link .panel-note")).ToHaveTextAsync(Note);
    }

    [Theory]
    [MemberData(nameof(EnglishAndGermanWithAndWithoutScript), MemberType = typeof(PanelBrowserTestHelpers))]
    public async Task EditNoteAndExpiryThenNoExpiry_WithAndWithoutScript_SavedAndShown(string language, bool script)
    {
        await using var app = await ApiTestHelpers.StartWithCalendarAsync(azurite);
        var linkId = (await app.GenerateLinkAsync(ApiTestHelpers.CalendarId, new { note = "Jane, the roof" }))["linkId"]!.GetValue<string>();
        var panel = await app.MintPanelPathAsync(new { language });
        await using var context = await chromium.NewPanelContextAsync(app, script);
        var page = await context.NewPageAsync();
        string Text(string key) => PageTextResources.Get(key, language);
        var name = RunName(language, script);

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
