using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Browser;

/// <summary>
/// The invitee's pages in headless Chromium, against the local runner and Azurite (clock pinned to Monday 2026-12-07
/// 07:00Z, 08:00 in Berlin). Each scenario saves screenshots of the pages it reaches to TestResults/screenshots.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class BookingBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IClassFixture<AzuriteFixture>
{
    private const string Booked = "You\u2019re booked with Dr. Smith";
    private const string Used = "This link has been used";

    [Fact]
    public async Task Open_FromAnAmericanBrowser_ShowsTwelveHourTimesAndAmericanDatesInTheDetectedZone()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        await using var context = await NewPhoneContextInNewYorkAsync(app, "en-US");
        var (page, problems) = await OpenAsync(context, path);

        await Expect(page.Locator("#tz")).ToHaveValueAsync("America/New_York");
        await Expect(page.Locator($"label.slot:has(input[value='{FirstSlotValue}']) [data-time]")).ToHaveTextAsync("3:00 AM");
        await Expect(page.Locator(".day-name").First).ToHaveTextAsync("Monday, December 7, 2026");
        await ChromiumFixture.ScreenshotAsync(page, "booking-page-mobile", fullPage: false);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Invitee_BooksWithTheKeyboardOnly_TabArrowsSpaceAndEnter_SeesTheConfirmation_AndReopeningShowsTheUsedPage()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        await using var context = await NewPhoneContextInNewYorkAsync(app, "en-GB");
        var (page, problems) = await OpenAsync(context, path);

        await Expect(page.Locator("#tz")).ToHaveValueAsync("America/New_York");
        await Expect(page.Locator("input[name=timeZone]")).ToHaveValueAsync("America/New_York");
        await Expect(page.Locator("#tz-hint [data-zone-name]")).ToHaveTextAsync("America/New_York");
        await Expect(page.Locator($"label.slot:has(input[value='{FirstSlotValue}']) [data-time]")).ToHaveTextAsync("03:00");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show times" })).ToBeHiddenAsync();
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync("jane@example.com");
        await Expect(page.Locator(".month-title")).ToHaveTextAsync("December 2026");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Previous month" })).ToBeDisabledAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sunday 6 December, no free times" })).ToBeDisabledAsync();

        // Tab from the zone select reaches the month (one stop: the chosen day), with a visible focus ring.
        await page.Locator("#tz").FocusAsync();
        for (var presses = 0; presses < 5 && await ActiveAsync(page, "className") != "month-day"; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("2026-12-07", await ActiveAsync(page, "dataset.key"));
        Assert.Equal("solid", await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));

        // Arrows move between days with times, Enter shows a day's times (and only those).
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal("2026-12-08", await ActiveAsync(page, "dataset.key"));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("input[value='2026-12-08T08:00:00Z']")).ToBeVisibleAsync();
        await Expect(page.Locator($"input[value='{FirstSlotValue}']")).ToBeHiddenAsync();
        await Expect(page.Locator(".chosen-day")).ToContainTextAsync("Tuesday 8 December 2026");
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator($"input[value='{FirstSlotValue}']")).ToBeVisibleAsync();
        Assert.Equal("true", await page.EvaluateAsync<string>("document.activeElement.getAttribute('aria-pressed')"));

        // Tab enters the day's times; arrows move between them, Space picks.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal(FirstSlotValue, await ActiveAsync(page, "value"));
        Assert.Equal("solid", await page.EvaluateAsync<string>("getComputedStyle(document.activeElement.closest('label')).outlineStyle"));
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal(MondaySlotValue(1), await ActiveAsync(page, "value"));
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.PressAsync("Space");
        await Expect(page.Locator($"input[value='{FirstSlotValue}']")).ToBeCheckedAsync();
        for (var presses = 0; presses < 10 && await ActiveAsync(page, "id") != "name"; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("name", await ActiveAsync(page, "id"));
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex("/bookings/[0-9a-f]{32}\\?tz=America%2FNew_York$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(Booked);
        await Expect(page.Locator(".summary")).ToContainTextAsync("Monday 7 December 2026, 03:00\u201303:30 (America/New_York)");
        await Expect(page.Locator(".summary")).ToContainTextAsync("Monday 7 December 2026, 09:00\u201309:30 (Europe/Berlin)");
        await ChromiumFixture.ScreenshotAsync(page, "confirmation-mobile");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Add to my calendar (.ics)" }).ClickAsync());
        Assert.Equal("booking.ics", download.SuggestedFilename);
        Assert.Contains("DTSTART:20261207T080000Z", await File.ReadAllTextAsync((await download.PathAsync())!), StringComparison.Ordinal);

        var reopened = await page.GotoAsync(path);
        Assert.Equal(410, reopened!.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync(Used);
        await Expect(page.Locator(".contact")).ToContainTextAsync("Please call us on +49 30 1234567.");
        await ChromiumFixture.ScreenshotAsync(page, "used");
        Assert.Equal(1, await app.CountBookingsAsync());
        Assert.Empty(problems);
    }

    [Fact]
    public async Task TwoTabs_BothConfirm_ExactlyOneBooking_AndTheOtherTabLandsOnTheUsedPage()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        await using var context = await NewContextAsync(app);
        var first = await context.NewPageAsync();
        var second = await context.NewPageAsync();
        var problems = Watch(first).Concat(Watch(second));
        await first.GotoAsync(path);
        await second.GotoAsync(path);
        await first.Locator($"input[value='{FirstSlotValue}']").CheckAsync();
        await second.Locator($"input[value='{MondaySlotValue(1)}']").CheckAsync();
        await second.GetByLabel("Name").FillAsync("Someone Else");
        await second.GetByLabel("Email").FillAsync("else@example.com");

        await Task.WhenAll(
            first.GetByRole(AriaRole.Button, new() { Name = "Confirm booking" }).ClickAsync(),
            second.GetByRole(AriaRole.Button, new() { Name = "Confirm booking" }).ClickAsync());

        var either = new Regex($"^({Regex.Escape(Booked)}|{Regex.Escape(Used)})$");
        await Expect(first.Locator("h1")).ToHaveTextAsync(either);
        await Expect(second.Locator("h1")).ToHaveTextAsync(either);
        var headings = new[] { await first.Locator("h1").TextContentAsync(), await second.Locator("h1").TextContentAsync() };
        Assert.Equal(1, headings.Count(h => h == Booked));
        Assert.Equal(1, headings.Count(h => h == Used));
        var loser = headings[0] == Used ? first : second;
        await ChromiumFixture.ScreenshotAsync(loser, "two-tabs-other-tab");
        Assert.Equal(1, await app.CountBookingsAsync());
        Assert.Empty(problems);
    }

    [Fact]
    public async Task JavaScriptDisabled_ShowsTheCalendarsZone_SwitchesZoneByForm_AndStillBooks()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        await using var context = await NewContextAsync(app, new BrowserNewContextOptions { JavaScriptEnabled = false, TimezoneId = "Asia/Tokyo", Locale = "en-GB" });
        var page = await context.NewPageAsync();

        await page.GotoAsync(path);

        await Expect(page.Locator("#tz")).ToHaveValueAsync("Europe/Berlin");
        await Expect(page.Locator("#tz-hint")).ToContainTextAsync("Times are shown in Europe/Berlin.");
        await Expect(page.Locator($"label.slot:has(input[value='{FirstSlotValue}']) [data-time]")).ToHaveTextAsync("09:00");
        await Expect(page.Locator(".month-view")).ToHaveCountAsync(0);
        await Expect(page.Locator("details.day")).ToHaveCountAsync(22);
        await ChromiumFixture.ScreenshotAsync(page, "booking-page-no-js", fullPage: false);

        await page.SelectOptionAsync("#tz", "Europe/London");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show times" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("\\?tz=Europe%2FLondon$"));
        await Expect(page.Locator($"label.slot:has(input[value='{FirstSlotValue}']) [data-time]")).ToHaveTextAsync("08:00");

        await page.Locator($"input[value='{FirstSlotValue}']").CheckAsync();
        await page.GetByLabel("Name").FillAsync("No Script");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm booking" }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync(Booked);
        await Expect(page.Locator(".summary")).ToContainTextAsync("Monday 7 December 2026, 08:00\u201308:30 (Europe/London)");
        await Expect(page.Locator(".summary")).ToContainTextAsync("Monday 7 December 2026, 09:00\u201309:30 (Europe/Berlin)");
        await Expect(page.Locator(".summary")).ToContainTextAsync("No Script");
        await ChromiumFixture.ScreenshotAsync(page, "confirmation-no-js");
        Assert.Equal(1, await app.CountBookingsAsync());
    }

    [Fact]
    public async Task InvalidFieldsThenSlotTaken_ShowThePageAgainWithTheInputKept_ThenAnotherSlotBooks()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (otherUrl, _, _) = await app.CalendarAndLinkAsync();
        var (_, path, _) = await app.LinkAsync();
        await using var context = await NewContextAsync(app, new BrowserNewContextOptions { TimezoneId = "Europe/Berlin" });
        var (page, problems) = await OpenAsync(context, path);

        await page.Locator($"input[value='{FirstSlotValue}']").CheckAsync();
        await page.GetByLabel("Phone").FillAsync("call me maybe");
        await page.GetByLabel("Message").FillAsync("Ring twice, please.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm booking" }).ClickAsync();

        await Expect(page.Locator("#phone-error")).ToContainTextAsync("May contain only digits");
        await Expect(page.Locator("#page-message")).ToContainTextAsync("Please check the field marked below.");
        await Expect(page.GetByLabel("Message")).ToHaveValueAsync("Ring twice, please.");
        await Expect(page.Locator($"input[value='{FirstSlotValue}']")).ToBeCheckedAsync();
        await page.Locator("#name").ScrollIntoViewIfNeededAsync();
        await ChromiumFixture.ScreenshotAsync(page, "invalid-fields", fullPage: false);

        await app.BookJsonAsync(otherUrl, FirstSlotValue);
        await page.GetByLabel("Phone").FillAsync("+49 30 555");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm booking" }).ClickAsync();

        await Expect(page.Locator("#page-message")).ToContainTextAsync("is no longer available");
        await Expect(page.Locator($"input[value='{FirstSlotValue}']")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Phone")).ToHaveValueAsync("+49 30 555");
        await Expect(page.GetByLabel("Message")).ToHaveValueAsync("Ring twice, please.");
        await ChromiumFixture.ScreenshotAsync(page, "slot-taken", fullPage: false);

        await page.Locator($"input[value='{MondaySlotValue(1)}']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm booking" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(Booked);
        await ChromiumFixture.ScreenshotAsync(page, "confirmation");
        Assert.Equal(2, await app.CountBookingsAsync());
        Assert.Empty(problems);
    }

    [Fact]
    public async Task ExpiredRevokedAndUnknownLinks_ShowTheirPages()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, expiredPath, _) = await app.CalendarAndLinkAsync(link: new { expiresAt = TestApp.DefaultNow.AddHours(1) });
        var (_, revokedPath, revokedId) = await app.LinkAsync();
        var (_, openPath, _) = await app.LinkAsync();
        await app.RevokeAsync(revokedId);
        app.Time.Advance(TimeSpan.FromHours(2));
        await using var context = await NewContextAsync(app, new BrowserNewContextOptions { Locale = "en-GB" });
        var (page, problems) = await OpenAsync(context, openPath);
        await ChromiumFixture.ScreenshotAsync(page, "booking-page", fullPage: false);

        foreach (var (path, status, heading, sentence, name) in new[]
        {
            (expiredPath, 410, "This link has expired", "expired on Monday 7 December 2026, 09:00 (Europe/Berlin)", "expired"),
            (revokedPath, 410, "This link has been withdrawn", "has withdrawn it", "revoked"),
            ("/api/l/not-a-token", 404, "This link is not valid", "contact the person who sent it to you", "not-found"),
        })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(status, response!.Status);
            await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            await Expect(page.Locator("main")).ToContainTextAsync(sentence);
            if (status == 410)
            {
                await Expect(page.Locator(".contact")).ToContainTextAsync("Please call us on +49 30 1234567.");
            }

            await ChromiumFixture.ScreenshotAsync(page, name);
        }

        Assert.Empty(problems);
    }

    private static Task<string> ActiveAsync(IPage page, string property) =>
        page.EvaluateAsync<string>($"String(document.activeElement.{property} ?? '')");

    /// <summary>A phone (390×844, touch) in New York, reading <paramref name="locale"/>.</summary>
    private Task<IBrowserContext> NewPhoneContextInNewYorkAsync(TestApp app, string locale) =>
        NewContextAsync(app, new BrowserNewContextOptions
        {
            TimezoneId = "America/New_York",
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });

    /// <summary>Opens <paramref name="path"/> in a new page that is watched for script errors; the page must answer 200.</summary>
    private static async Task<(IPage Page, List<string> Problems)> OpenAsync(IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        var problems = Watch(page);
        var opened = await page.GotoAsync(path);
        Assert.Equal(200, opened!.Status);
        return (page, problems);
    }

    private Task<IBrowserContext> NewContextAsync(TestApp app, BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = app.BaseAddress.ToString();
        options.AcceptDownloads = true;
        return chromium.Browser.NewContextAsync(options);
    }

    /// <summary>Script errors and CSP violations of a page (a 404/410 document's "failed to load" line is expected).</summary>
    private static List<string> Watch(IPage page)
    {
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add("script error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                problems.Add("console: " + message.Text);
            }
        };
        return problems;
    }
}
