using Microsoft.Playwright;
using OneTimeLinks.Tests.Browser;

namespace OneTimeLinks.Tests.Panel;

/// <summary>What the panel's Chromium specifications share: the context, axe, screenshots, reflow and visible focus.</summary>
internal static class PanelBrowserTestHelpers
{
    private static readonly int DesktopWidth = ChromiumFixture.Desktop.Width;
    private static readonly int DesktopHeight = ChromiumFixture.Desktop.Height;
    private static readonly int PhoneWidth = ChromiumFixture.Phone.Width;

    /// <summary>English and German, each with script and without: the runs of the panel's main flows.</summary>
    public static TheoryData<string, bool> EnglishAndGermanWithAndWithoutScript => new()
    {
        { "en", true },
        { "en", false },
        { "de", true },
        { "de", false },
    };

    /// <summary>A run's part of its screenshot and axe names: the language, then script or noscript.</summary>
    public static string RunName(string language, bool script) => $"{language}-{(script ? "script" : "noscript")}";

    /// <summary>
    /// A desktop-sized context on <paramref name="app"/>. axe-core is injected as a script, which the pages' CSP
    /// (script-src 'self') would refuse, so the context bypasses CSP unless the test is about the CSP itself.
    /// </summary>
    public static Task<IBrowserContext> NewPanelContextAsync(this ChromiumFixture chromium, TestApp app, bool script, bool bypassCsp = true) =>
        chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            JavaScriptEnabled = script,
            BypassCSP = bypassCsp,
            TimezoneId = "Europe/Berlin",
            ViewportSize = new ViewportSize { Width = DesktopWidth, Height = DesktopHeight },
        });

    /// <summary>
    /// Zero axe-core violations (<see cref="ChromiumFixture.AssertNoAxeViolationsAsync"/>). axe-core runs as a script,
    /// so a run without script checks nothing (its markup is the script run's).
    /// </summary>
    public static async Task AssertAxeCleanAsync(IPage page, bool script, string name)
    {
        if (script)
        {
            await ChromiumFixture.AssertNoAxeViolationsAsync(page, name);
        }
    }

    /// <summary>Screenshots at 1280 and 390 px (TestResults/screenshots/{name}-1280.png, -390.png).</summary>
    public static Task PhotographAsync(IPage page, string name) =>
        ChromiumFixture.ScreenshotAtBothWidthsAsync(page, $"{name}-{DesktopWidth}", $"{name}-{PhoneWidth}");

    /// <summary>WCAG reflow: at 320 CSS px (1280 px at 400 % zoom) nothing scrolls sideways.</summary>
    public static async Task AssertReflowsAsync(IPage page, string name)
    {
        await page.SetViewportSizeAsync(320, 640);
        var width = await page.EvaluateAsync<int>("document.scrollingElement.scrollWidth");
        await page.SetViewportSizeAsync(DesktopWidth, DesktopHeight);
        Assert.True(width <= 320, $"{name} is {width} px wide at 320 px: it scrolls sideways.");
    }

    /// <summary>The focused element shows a focus indicator: an outline or a box shadow.</summary>
    public static async Task AssertFocusVisibleAsync(IPage page, string what)
    {
        var ring = await page.EvaluateAsync<string>(
            "(() => { const e = document.activeElement, s = getComputedStyle(e); return e.outerHTML.slice(0, 120) + ': ' + s.outlineStyle + ' ' + s.outlineWidth + ' | ' + s.boxShadow; })()");
        var visible = await page.EvaluateAsync<bool>(
            "(() => { const s = getComputedStyle(document.activeElement); return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; })()");
        Assert.True(visible, $"{what}: no visible focus ({ring}).");
    }

    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/>, checking each stop shows its focus.</summary>
    public static async Task TabToAsync(IPage page, string selector, int most = 40)
    {
        for (var presses = 0; presses < most; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            await AssertFocusVisibleAsync(page, $"stop {presses + 1} on the way to {selector}");
            if (await page.EvaluateAsync<bool>("selector => document.activeElement?.matches(selector) ?? false", selector))
            {
                return;
            }
        }

        Assert.Fail($"{most} presses of Tab did not reach {selector}.");
    }
}
