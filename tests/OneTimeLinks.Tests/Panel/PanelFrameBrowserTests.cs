using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using OneTimeLinks.Tests.Browser;
using OneTimeLinks.Tests.Pages;
using static Microsoft.Playwright.Assertions;
using static OneTimeLinks.Tests.Panel.PanelBrowserTestHelpers;

namespace OneTimeLinks.Tests.Panel;

/// <summary>
/// Issue 24 in Chromium, the panel's frame: a CRM page on another loopback origin embeds the panel in an iframe, which
/// loads (and generates) when the session allows that origin and is refused by the browser (CSP frame-ancestors) when
/// it does not; an expired or ended session shows the ended page with the way back to the CRM, axe-clean, reflowing at
/// 320 px and photographed at 1280 and 390 px in English and German (TestResults/screenshots/panel-ended-*.png).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class PanelFrameBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IClassFixture<AzuriteFixture>
{
    private const string ReturnUrl = "https://crm.example.test/calendars/7";

    [Fact]
    public async Task Iframe_OnAllowedOriginLoadsAndElsewhereRefusedByCsp()
    {
        await using var app = await ApiTestHelpers.StartWithCalendarAsync(azurite);
        await using var crm = await LoopbackServer.StartAsync(ServeEmbeddingPageAsync);
        var crmOrigin = crm.BaseUrl.GetLeftPart(UriPartial.Authority);
        // The same server under another name: localhost and 127.0.0.1 are different origins to the browser.
        var otherOrigin = $"http://localhost:{crm.BaseUrl.Port}";
        var allowed = await app.MintPanelPathAsync(new { language = "en", allowedOrigins = new[] { crmOrigin } });
        var elsewhere = await app.MintPanelPathAsync(new { language = "en", allowedOrigins = new[] { otherOrigin } });
        var nowhere = await app.MintPanelPathAsync(new { language = "en" });
        // The CSP is what is under test: this context does not bypass it.
        await using var context = await chromium.NewPanelContextAsync(app, script: true, bypassCsp: false);
        var page = await context.NewPageAsync();
        string Embedding(string panel) => $"{crm.BaseUrl}?src={Uri.EscapeDataString(new Uri(app.BaseAddress, panel).AbsoluteUri)}";

        // Allowed: the panel shows in the frame and works there, with no cookie (the capability is in every URL).
        await page.GotoAsync(Embedding(allowed));
        var frame = page.FrameLocator("iframe");
        await Expect(frame.Locator("h1")).ToHaveTextAsync("Links");
        await frame.Locator(".panel-generate summary").ClickAsync();
        await frame.Locator("#note").FillAsync("Generated inside the CRM");
        await frame.Locator(".panel-generate button[type=submit]").ClickAsync();
        await Expect(frame.Locator("#created-url")).ToBeVisibleAsync();
        await Expect(frame.Locator(".panel-link .panel-note").First).ToHaveTextAsync("Generated inside the CRM");
        Assert.Empty(await context.CookiesAsync());

        foreach (var refused in new[] { elsewhere, nowhere })
        {
            var violation = await page.RunAndWaitForConsoleMessageAsync(
                () => page.GotoAsync(Embedding(refused)),
                new PageRunAndWaitForConsoleMessageOptions { Predicate = message => message.Text.Contains("frame-ancestors", StringComparison.Ordinal) });
            Assert.Contains(new Uri(app.BaseAddress, "/").AbsoluteUri.TrimEnd('/'), violation.Text, StringComparison.Ordinal);
            var child = page.Frames.Single(f => f != page.MainFrame);
            Assert.DoesNotContain("panel-tabs", await child.ContentAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task EndedPage_ExpiredOrEndedSession_SaysOpenAgainWithReturnUrl(string language)
    {
        await using var app = await ApiTestHelpers.StartWithCalendarAsync(azurite);
        var expiring = await app.MintPanelPathAsync(new { language, lifetimeMinutes = 5, returnUrl = ReturnUrl });
        var ended = await app.MintAsync(new { language, returnUrl = ReturnUrl });
        var endedWithoutReturn = await app.MintAsync(new { language });
        foreach (var session in new[] { ended, endedWithoutReturn })
        {
            using var end = await app.EndPanelSessionAsync(session["sessionId"]!.GetValue<string>());
            Assert.True(end.IsSuccessStatusCode, $"end answered {(int)end.StatusCode}");
        }

        app.Time.Advance(TimeSpan.FromMinutes(6));
        await using var context = await chromium.NewPanelContextAsync(app, script: true);
        var page = await context.NewPageAsync();
        string Text(string key) => PageTextResources.Get(key, language);

        foreach (var panel in new[] { expiring, Api.PathOf(ended["url"]!.GetValue<string>()) })
        {
            var response = await page.GotoAsync(panel);
            Assert.Equal(404, response!.Status);
            await Expect(page.Locator("h1")).ToHaveTextAsync(Text("Panel.Ended.Title"));
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(Text("Panel.Ended.Advice"));
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = Text("Panel.Ended.Return") })).ToHaveAttributeAsync("href", ReturnUrl);
            await AssertAxeCleanAsync(page, script: true, $"panel-ended-{language}");
            await AssertReflowsAsync(page, $"panel-ended-{language}");
        }

        await PhotographAsync(page, $"panel-ended-{language}");
        await page.GotoAsync(Api.PathOf(endedWithoutReturn["url"]!.GetValue<string>()));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(Text("Panel.Ended.Advice"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = Text("Panel.Ended.Return") })).ToHaveCountAsync(0);
        await AssertAxeCleanAsync(page, script: true, $"panel-ended-no-return-{language}");
    }

    /// <summary>The CRM's page: the panel URL of <c>?src=</c> in an iframe.</summary>
    private static Task ServeEmbeddingPageAsync(HttpContext http)
    {
        var source = HtmlEncoder.Default.Encode(http.Request.Query["src"].ToString());
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(
            $"<!doctype html><html lang=\"en\"><head><title>CRM</title></head><body><h1>CRM</h1>" +
            $"<iframe src=\"{source}\" title=\"Owner's panel\" width=\"900\" height=\"700\"></iframe></body></html>");
    }
}
