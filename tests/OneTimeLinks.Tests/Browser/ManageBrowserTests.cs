using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Browser;

/// <summary>After booking in Chromium, the invitee moves and then cancels the booking from the confirmation page's link.</summary>
[Collection(SerialCollection.Name)]
public sealed class ManageBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Invitee_FromTheConfirmation_ReschedulesThenCancels_WithOrWithoutScript(bool script)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            JavaScriptEnabled = script,
            TimezoneId = "Europe/Berlin",
            Locale = "en-GB",
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.Locator($"input[value='{FirstSlotValue}']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm booking" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync("booked");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Add to my calendar (.ics)" }).ClickAsync());
        var manageHref = await page.Locator("a.manage-link").GetAttributeAsync("href");
        var calendarFile = (await File.ReadAllTextAsync((await download.PathAsync())!)).Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("https://book.example.test" + manageHref!.Split('?')[0], calendarFile, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "Need to change this? Reschedule or cancel" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your booking with Dr. Smith");
        await Expect(page.Locator(".summary")).ToContainTextAsync("09:00");
        await ChromiumFixture.ScreenshotAsync(page, $"manage-{(script ? "js" : "no-js")}");

        // Move to 10:00 Berlin (the slot two after the first).
        var moveTo = MondaySlotValue(2);
        await page.Locator($"input[name=start][value='{moveTo}']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Move my booking" }).ClickAsync();
        await Expect(page.Locator("#page-message")).ToContainTextAsync("Your booking is moved to the new time.");
        await Expect(page.Locator(".summary")).ToContainTextAsync("10:00");

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel my booking" }).ClickAsync();
        await Expect(page.Locator("#page-message")).ToContainTextAsync("Your booking is canceled.");
        await Expect(page.Locator("#status-heading")).ToHaveTextAsync("You canceled this booking.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel my booking" })).ToHaveCountAsync(0);
        await ChromiumFixture.ScreenshotAsync(page, $"manage-canceled-{(script ? "js" : "no-js")}");

        Assert.Empty(await app.AgendaClaimsAsync());
        Assert.Equal(1, await app.CountRowsAsync("booking|"));
    }
}
