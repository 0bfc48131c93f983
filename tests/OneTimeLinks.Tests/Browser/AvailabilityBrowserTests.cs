using OneTimeLinks.Tests.Availability;
using static Microsoft.Playwright.Assertions;
using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Browser;

/// <summary>Busy time the CRM pushes shows on the invitee's page at the next load, in Chromium.</summary>
[Collection(SerialCollection.Name)]
public sealed class AvailabilityBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task BookingPage_AfterTheCrmPushesBusyTime_NoLongerOffersThatTime()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync();
        await using var context = await chromium.NewContextAsync(app, script: true, "en-GB", bypassCsp: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await Expect(page.Locator($"input[name=start][value='{FirstSlotValue}']")).ToHaveCountAsync(1);
        await Expect(page.Locator($"input[name=start][value='{MondaySlotValue(1)}']")).ToHaveCountAsync(1);

        var nine = DateTimeOffset.Parse(FirstSlotValue, System.Globalization.CultureInfo.InvariantCulture);
        (await app.PutBusyAsync("phone-booking", nine, nine.AddMinutes(30), calendarId: CalendarId)).Dispose();
        await page.ReloadAsync();

        await Expect(page.Locator($"input[name=start][value='{FirstSlotValue}']")).ToHaveCountAsync(0);
        await Expect(page.Locator($"input[name=start][value='{MondaySlotValue(1)}']")).ToHaveCountAsync(1);
        await ChromiumFixture.ScreenshotAsync(page, "busy-time-removed");
    }
}
