using System.Globalization;
using Microsoft.Playwright;
using OneTimeLinks.Tests.Approval;
using OneTimeLinks.Tests.Pages;
using static Microsoft.Playwright.Assertions;
using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Browser;

/// <summary>
/// Issue 23 in Chromium, in every language: a booking on a calendar that requires confirmation shows "request sent, time
/// held" and no calendar file; the manage page shows the pending state and cancels it; a declined request says so.
/// Every state passes axe-core (in <see cref="ChromiumFixture.AxeLanguage"/>; the other languages check their words).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ApprovalBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData("en", true)]
    [InlineData("en", false)]
    [InlineData("de", true)]
    [InlineData("fr", true)]
    [InlineData("es", true)]
    [InlineData("pt", true)]
    [InlineData("nl", true)]
    public async Task PendingRequest_ConfirmationAndManagePages_SayItIsHeld_ThenCancel_AndADeclineShows(string language, bool script)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync(ApprovalApi.ApprovalCalendar());
        await using var context = await chromium.NewContextAsync(app, script, ChromiumFixture.Locales[language]);
        var page = await context.NewPageAsync();
        string Text(string key) => string.Format(CultureInfo.InvariantCulture, PageTextResources.Get(key, language), "Dr. Smith");

        // The request: held, no calendar file yet.
        await page.GotoAsync(path);
        await page.Locator($"input[value='{FirstSlotValue}']").CheckAsync();
        await page.Locator("button.primary").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(Text("Approval.RequestHeading"));
        await Expect(page.Locator(".notice")).ToContainTextAsync(Text("Approval.RequestNotice"));
        await Expect(page.Locator("a[download]")).ToHaveCountAsync(0);
        await AssertAxeAsync(page, script, language, "pending confirmation");

        // The manage page: pending, and the invitee cancels it.
        await page.Locator("a.manage-link").ClickAsync();
        await Expect(page.Locator(".pending-status")).ToHaveTextAsync(Text("Approval.PendingStatus"));
        await AssertAxeAsync(page, script, language, "pending manage");
        await page.Locator(".cancel-form button").ClickAsync();
        await Expect(page.Locator("#page-message")).ToContainTextAsync(PageTextResources.Get("Manage.DoneCanceled", language));
        Assert.Empty(await app.AgendaClaimsAsync());

        // Another request, declined by the owner: the manage page says so and offers no change.
        var url = await app.GenerateLinkUrlAsync();
        using var booked = await app.BookJsonAsync(url, DateTimeOffset.Parse(FirstSlotValue, CultureInfo.InvariantCulture));
        var booking = await booked.AssertJsonAsync(HttpStatusCode.Created);
        (await app.DeclineAsync(booking.Text("bookingId"), "Out of office")).Dispose();
        await page.GotoAsync(Api.PathOf(booking.Text("manageUrl")));
        await Expect(page.Locator("#status-heading")).ToHaveTextAsync(Text("Approval.DeclinedHeading"));
        await Expect(page.Locator(".cancel-form")).ToHaveCountAsync(0);
        await AssertAxeAsync(page, script, language, "declined manage");
    }

    private static Task AssertAxeAsync(IPage page, bool script, string language, string name) =>
        language == ChromiumFixture.AxeLanguage
            ? ChromiumFixture.AssertAxeCleanAsync(page, script, $"approval {language} {name}")
            : Task.CompletedTask;
}
