using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OneTimeLinks.Tests.Panel;
using static Microsoft.Playwright.Assertions;

namespace OneTimeLinks.Tests.Browser;

/// <summary>Issue 24 in Chromium: generate from the panel, copy the new link's URL with the Copy button, find it listed.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PanelGenerateBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Generate_ThenCopy_PutsTheNewLinksUrlOnTheClipboardAndListsIt()
    {
        await using var app = await ApiTestHelpers.StartWithCalendarAsync(azurite);
        var panel = await app.MintPanelPathAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            Locale = "en-GB",
            TimezoneId = "Europe/Berlin",
            Permissions = ["clipboard-read", "clipboard-write"],
            // axe-core is injected as a script; the pages' CSP (script-src 'self') would refuse it.
            BypassCSP = true,
        });
        var page = await context.NewPageAsync();
        // The app runs on loopback, but the panel only takes POSTs from its public origin: say it is that origin.
        await page.RouteAsync("**/links", route => route.ContinueAsync(new RouteContinueOptions
        {
            Headers = new Dictionary<string, string>(route.Request.Headers) { ["origin"] = PanelTestHelpers.PanelOrigin },
        }));

        await page.GotoAsync(panel);
        await page.Locator("details.panel-generate summary").ClickAsync();
        await page.Locator("#note").FillAsync("Browser generated");
        await page.Locator(".panel-generate button.primary").ClickAsync();
        await Expect(page.Locator("#created-url")).ToBeVisibleAsync();
        var url = await page.Locator("#created-url").InputValueAsync();
        await page.Locator("button[data-copy]").ClickAsync();

        await Expect(page.Locator("#copy-status")).ToHaveTextAsync("Copied");
        Assert.Equal(url, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await Expect(page.Locator(".panel-links .panel-note").First).ToHaveTextAsync("Browser generated");
        var result = await page.RunAxe();
        Assert.True(
            result.Violations.Length == 0,
            string.Join("; ", result.Violations.Select(v => $"{v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }
}
