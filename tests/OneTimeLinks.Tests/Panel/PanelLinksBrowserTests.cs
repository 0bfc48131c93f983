using Microsoft.Playwright;
using OneTimeLinks.Tests.Browser;
using OneTimeLinks.Tests.Pages;
using static Microsoft.Playwright.Assertions;
using static OneTimeLinks.Tests.Panel.PanelBrowserTestHelpers;

namespace OneTimeLinks.Tests.Panel;

/// <summary>
/// Issue 24 in Chromium, the links page: generate, copy (the clipboard read back), the new link at the top of Active,
/// revoke with its confirmation step and the link in Revoked; with script and without, by mouse and by keyboard alone
/// (visible focus at every stop). Every state passes axe (WCAG 2.1 AA) and reflows at 320 px; the links page with a new
/// link is photographed at 1280 and 390 px in English and German (TestResults/screenshots/panel-links-*.png).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class PanelLinksBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IClassFixture<AzuriteFixture>
{
    private const string Note = "Jane, the roof repair";
    private static readonly string[] ClipboardPermissions = ["clipboard-read", "clipboard-write"];

    [Theory]
    [InlineData("en", true)]
    [InlineData("en", false)]
    [InlineData("de", true)]
    [InlineData("de", false)]
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
        var name = $"{language}-{(script ? "script" : "noscript")}";

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
        using var stored = await app.GetLinkAsync(linkId);
        Assert.Equal("revoked", (await stored.AssertJsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
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
}
