using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace OneTimeLinks.Tests.Browser;

/// <summary>
/// One headless Chromium per test class (Debian's <c>chromium</c>, driven by Playwright through its executable path:
/// Playwright's own browser download does not work on our machines). <c>CHROMIUM_PATH</c> overrides the path.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string DefaultExecutablePath = "/usr/bin/chromium";

    /// <summary>Without the background-networking flags Chromium keeps dialing Google's hosts, which a closed network refuses.</summary>
    private static readonly string[] LaunchFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>The desktop viewport the screenshots are taken at; the other width is <see cref="Phone"/>.</summary>
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>The browser region per language: the one each language's pages format for by default.</summary>
    public static readonly IReadOnlyDictionary<string, string> Locales = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["en"] = "en-GB", ["de"] = "de-DE", ["fr"] = "fr-FR", ["es"] = "es-ES", ["pt"] = "pt-PT", ["nl"] = "nl-NL",
    };

    /// <summary>
    /// The language whose pages axe-core checks. The markup is the same Razor in every language; only the words
    /// differ, and each language's words, <c>lang</c> and fit at 320 px are asserted on their own. An axe run costs
    /// 1.5 to 5 s in this Chromium, so running it once per page rather than once per page and language saves minutes.
    /// </summary>
    public const string AxeLanguage = "en";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : DefaultExecutablePath;

    /// <summary>Where each page kind's screenshot goes, for a reviewer to look at.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ExecutablePath}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.");
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = LaunchFlags,
            Timeout = 60_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    public static Task ScreenshotAsync(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = fullPage });

    /// <summary>
    /// A browser context on <paramref name="app"/>, in Berlin, with or without script. axe-core is injected as a script,
    /// which the pages' CSP (script-src 'self') would refuse, so the context bypasses CSP unless the test runs no axe and
    /// keeps the pages' CSP in force.
    /// </summary>
    public Task<IBrowserContext> NewContextAsync(TestApp app, bool script, string locale, bool bypassCsp = true)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            JavaScriptEnabled = script,
            Locale = locale,
            TimezoneId = "Europe/Berlin",
            BypassCSP = bypassCsp,
        });
    }

    /// <summary>
    /// Zero axe-core violations, then a screenshot named <paramref name="name"/>. axe-core runs as a script, so a run
    /// without script checks nothing (its markup is the script run's).
    /// </summary>
    public static async Task AssertAxeCleanAsync(IPage page, bool script, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!script)
        {
            return;
        }

        await AssertNoAxeViolationsAsync(page, name);
        await ScreenshotAsync(page, name.Replace(' ', '-'));
    }

    /// <summary>Zero axe-core violations on the page as it stands; the failure lists each rule and the markup it names.</summary>
    public static async Task AssertNoAxeViolationsAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe();
        Assert.True(
            result.Violations.Length == 0,
            $"{name}: " + string.Join("; ", result.Violations.Select(v => $"{v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }

    /// <summary>Screenshots at <see cref="Desktop"/> width and at <see cref="Phone"/> width; the page is left at desktop width.</summary>
    public static async Task ScreenshotAtBothWidthsAsync(IPage page, string desktopName, string phoneName)
    {
        ArgumentNullException.ThrowIfNull(page);
        await ScreenshotAsync(page, desktopName);
        await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        await ScreenshotAsync(page, phoneName);
        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
    }
}
