using System.Globalization;
using Microsoft.Playwright;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Tests.Pages;
using static Microsoft.Playwright.Assertions;
using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Browser;

/// <summary>
/// Every page and state in every language, in Chromium: the language's words and dates, <c>&lt;html lang&gt;</c>,
/// no horizontal scrolling at 320 px, and a screenshot at 390 px (TestResults/screenshots/{language}-{viewport}-{page}.png).
/// In <see cref="ChromiumFixture.AxeLanguage"/> every page also passes axe-core and is shot at desktop width too.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class PageLanguageBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IClassFixture<AzuriteFixture>
{
    public static TheoryData<string> AllLanguages => new(Languages.Supported);

    [Theory]
    [MemberData(nameof(AllLanguages))]
    public async Task EveryPage_InTheBrowsersLanguage_ShowsItsWords_FitsA320PixelScreen_AndPassesAxe(string language)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (otherUrl, _, _) = await app.CalendarAndLinkAsync();
        var (_, path, _) = await app.LinkAsync();
        var (_, expiredPath, _) = await app.LinkAsync(new { expiresAt = TestApp.DefaultNow.AddHours(1) });
        var (_, revokedPath, revokedId) = await app.LinkAsync();
        await app.RevokeAsync(revokedId);
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            Locale = ChromiumFixture.Locales[language],
            TimezoneId = "Europe/Berlin",
            ViewportSize = ChromiumFixture.Desktop,
            // axe-core is injected as a script; the pages' CSP (script-src 'self') would refuse it.
            BypassCSP = true,
        });
        var page = await context.NewPageAsync();
        string Text(string key) => PageTextResources.Get(key, language);
        var december = CultureInfo.GetCultureInfo(ChromiumFixture.Locales[language]).DateTimeFormat.GetMonthName(12);

        // Slots
        await page.GotoAsync(path);
        await AssertLanguageAsync(page, language);
        await Expect(page.Locator("#slots-heading")).ToHaveTextAsync(Text("Booking.ChooseHeading"));
        await Expect(page.Locator("button.primary")).ToHaveTextAsync(Text("Booking.Confirm"));
        await Expect(page.Locator(".month-title")).ToContainTextAsync(december, new() { IgnoreCase = true });
        await Expect(page.Locator(".chosen-day")).ToContainTextAsync(CultureInfo.GetCultureInfo(ChromiumFixture.Locales[language]).DateTimeFormat.GetDayName(DayOfWeek.Monday), new() { IgnoreCase = true });
        await CheckAsync(page, language, "booking");

        // Errors: announced in the page message (focused), each linked to its field.
        await page.Locator($"input[value='{FirstSlotValue}']").CheckAsync();
        await page.Locator("#phone").FillAsync("call me");
        await page.Locator("button.primary").ClickAsync();
        await Expect(page.Locator("#phone-error")).ToContainTextAsync(Text("Field.Phone"));
        await Expect(page.Locator("#phone-error")).ToContainTextAsync(Text("Validation.Phone"));
        await Expect(page.Locator("#phone")).ToHaveAttributeAsync("aria-describedby", "phone-error");
        await Expect(page.Locator("#page-message")).ToContainTextAsync(Text("Booking.InvalidOne"));
        await Expect(page.Locator("#page-message")).ToBeFocusedAsync();
        await CheckAsync(page, language, "errors");

        // Slot taken
        await app.BookJsonAsync(otherUrl, FirstSlotValue);
        await page.Locator("#phone").FillAsync("");
        await page.Locator("button.primary").ClickAsync();
        await Expect(page.Locator("#page-message")).ToContainTextAsync(Text("Booking.SlotTakenNext"));
        await CheckAsync(page, language, "slot-taken");

        // Confirmation
        await page.Locator($"input[value='{MondaySlotValue(1)}']").CheckAsync();
        await page.Locator("button.primary").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(string.Format(CultureInfo.InvariantCulture, Text("Confirmation.Heading"), "Dr. Smith"));
        await Expect(page.Locator(".summary")).ToContainTextAsync(december, new() { IgnoreCase = true });
        await AssertLanguageAsync(page, language);
        await CheckAsync(page, language, "confirmation");

        // Manage: reached from the confirmation's link, then canceled.
        await page.Locator("a.manage-link").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(string.Format(CultureInfo.InvariantCulture, Text("Manage.Title"), "Dr. Smith"));
        await Expect(page.Locator("#reschedule-heading")).ToHaveTextAsync(Text("Manage.RescheduleHeading"));
        await AssertLanguageAsync(page, language);
        await CheckAsync(page, language, "manage");
        await page.Locator(".cancel-form button").ClickAsync();
        await Expect(page.Locator("#page-message")).ToContainTextAsync(Text("Manage.DoneCanceled"));
        await Expect(page.Locator("#status-heading")).ToHaveTextAsync(Text("Manage.CanceledByYou"));
        await CheckAsync(page, language, "manage-canceled");

        foreach (var (target, key, name) in new[]
        {
            (path, "DeadLink.TitleUsed", "used"),
            (revokedPath, "DeadLink.TitleRevoked", "revoked"),
            ("/api/l/not-a-token", "NotFound.Title", "not-found"),
        })
        {
            await page.GotoAsync(target);
            await Expect(page.Locator("h1")).ToHaveTextAsync(Text(key));
            await AssertLanguageAsync(page, language);
            await CheckAsync(page, language, name);
        }

        // The contact message is the owner's words, never translated.
        await page.GotoAsync(path);
        await Expect(page.Locator(".contact")).ToContainTextAsync("Please call us on +49 30 1234567.");

        app.Time.Advance(TimeSpan.FromHours(2));
        await page.GotoAsync(expiredPath);
        await Expect(page.Locator("h1")).ToHaveTextAsync(Text("DeadLink.TitleExpired"));
        await CheckAsync(page, language, "expired");
    }

    [Fact]
    public async Task LanguageLink_ChoosesTheLanguage_AndTheChoiceIsKeptThroughBookingAndConfirmation()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        await using var context = await chromium.NewContextAsync(app, script: true, "en-GB", bypassCsp: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);

        await page.GetByRole(AriaRole.Link, new() { Name = "Nederlands" }).ClickAsync();
        await AssertLanguageAsync(page, "nl");
        await page.Locator($"input[value='{FirstSlotValue}']").CheckAsync();
        await page.Locator("button.primary").ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/bookings/[0-9a-f]{32}\\?tz=Europe%2FBerlin&lang=nl$"));
        await AssertLanguageAsync(page, "nl");
        await Expect(page.Locator("h1")).ToHaveTextAsync("U bent geboekt bij Dr. Smith");
        await Expect(page.Locator(".summary")).ToContainTextAsync("maandag 7 december 2026, 09:00\u201309:30");
    }

    [Fact]
    public async Task CalendarDefaultLanguage_AppliesOnlyWhenTheBrowserAsksForNoSpokenLanguage_AndTheBrowsersRegionFormats()
    {
        await using var app = await ApiTestHelpers.StartWithCalendarAsync(azurite, calendar: Infrastructure.Api.BerlinCalendar(language: "de"));
        var (_, path, _) = await app.LinkAsync();
        using var italian = app.Browser();
        italian.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", "it-IT, it;q=0.9");
        using var french = app.Browser();
        french.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Language", "fr-CH, fr;q=0.9");

        var (_, german) = await italian.GetPageAsync(path);
        var (_, frenchHtml) = await french.GetPageAsync(path);

        Assert.Contains("<html lang=\"de\">", german, StringComparison.Ordinal);
        Assert.Contains(PageTextResources.Get("Booking.Confirm", "de"), german, StringComparison.Ordinal);
        Assert.Contains("Montag, 7. Dezember 2026", german, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fr\">", frenchHtml, StringComparison.Ordinal);
        var swiss = CultureInfo.GetCultureInfo("fr-CH");
        Assert.Contains(new DateTime(2026, 12, 7).ToString(swiss.DateTimeFormat.LongDatePattern, swiss), frenchHtml, StringComparison.Ordinal);
        Assert.Contains("décembre", frenchHtml, StringComparison.Ordinal);
        Assert.Equal("de", (await app.Management.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(
            new Uri($"/api/calendars/{CalendarId}", UriKind.Relative)))!["language"]!.GetValue<string>());
    }

    private static async Task AssertLanguageAsync(IPage page, string language) =>
        Assert.Equal(language, await page.EvaluateAsync<string>("document.documentElement.lang"));

    /// <summary>
    /// No sideways scrolling at 320 px and a screenshot at 390 px in every language; in
    /// <see cref="ChromiumFixture.AxeLanguage"/> also zero axe-core violations and a desktop screenshot.
    /// </summary>
    private static async Task CheckAsync(IPage page, string language, string name)
    {
        await AssertFitsAsync(page, $"{language} {name}");
        if (language != ChromiumFixture.AxeLanguage)
        {
            await page.SetViewportSizeAsync(ChromiumFixture.Phone.Width, ChromiumFixture.Phone.Height);
            await ChromiumFixture.ScreenshotAsync(page, $"{language}-390-{name}");
            await page.SetViewportSizeAsync(ChromiumFixture.Desktop.Width, ChromiumFixture.Desktop.Height);
            return;
        }

        await ChromiumFixture.AssertNoAxeViolationsAsync(page, $"{language} {name}");
        await ChromiumFixture.ScreenshotAtBothWidthsAsync(page, $"{language}-desktop-{name}", $"{language}-390-{name}");
    }

    /// <summary>WCAG reflow: at 320 CSS px (what 1280 px at 400 % zoom gives) nothing scrolls sideways.</summary>
    private static async Task AssertFitsAsync(IPage page, string name)
    {
        await page.SetViewportSizeAsync(320, 640);
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        await page.SetViewportSizeAsync(ChromiumFixture.Desktop.Width, ChromiumFixture.Desktop.Height);
        Assert.True(overflow <= 0, $"{name} scrolls sideways by {overflow} px at 320 px.");
    }
}
