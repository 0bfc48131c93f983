using OneTimeLinks.Tests.Browser;
using OneTimeLinks.Tests.Pages;
using static Microsoft.Playwright.Assertions;
using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Questions;

/// <summary>
/// Answering a calendar's questions in Chromium, with and without script (issue 23): every type's input, a field error
/// the server finds (the browser's own checks cannot) shown at its question, then the booking with the answers. The
/// questions and the questions-with-errors states pass axe-core.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class QuestionBrowserTests(AzuriteFixture azurite, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData("en", true)]
    [InlineData("en", false)]
    [InlineData("de", true)]
    [InlineData("fr", false)]
    public async Task BookingPage_AnswersEveryType_ShowsAServerFieldError_ThenBooksWithTheAnswers(string language, bool script)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var (_, path, _) = await app.CalendarAndLinkAsync(QuestionApi.QuestionCalendar(), new { hidden = new[] { "dealId" }, prefill = new { dealId = "D-42", reason = "Renewal" } });
        await using var context = await chromium.NewContextAsync(app, script, language);
        var page = await context.NewPageAsync();

        await page.GotoAsync(path + "?lang=" + language);
        await Expect(page.Locator("#q-reason")).ToHaveValueAsync("Renewal");
        await Expect(page.Locator("[name='answers.dealId']")).ToHaveCountAsync(0);
        await Expect(page.Locator("label[for='q-plan-basic']")).ToHaveTextAsync(language == "de" ? "Basis" : "Basic");
        await ChromiumFixture.AssertAxeCleanAsync(page, script, $"questions {language}");

        await page.Locator($"input[value='{FirstSlotValue}']").CheckAsync();
        await page.Locator("#name").FillAsync("Jane Doe");
        await page.Locator("#email").FillAsync("jane@example.com");
        await page.Locator("#q-details").FillAsync("Line one\nLine two");
        await page.Locator("#q-plan-pro").CheckAsync();
        await page.Locator("#q-topics-a").CheckAsync();
        await page.Locator("#q-topics-c").CheckAsync();
        await page.Locator("#q-mobile").FillAsync("+49 30 123");
        await page.Locator("#q-consent").CheckAsync();
        await page.Locator("#q-seats").FillAsync("twelve");
        await page.Locator("button.primary").ClickAsync();

        var seatsError = page.Locator("[id='answers.seats-error']");
        await Expect(seatsError).ToContainTextAsync(PageTextResources.Get("Questions.ErrorNumber", language));
        await Expect(page.Locator("#q-seats")).ToHaveAttributeAsync("aria-describedby", "answers.seats-error");
        await Expect(page.Locator("#q-seats")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#q-topics-c")).ToBeCheckedAsync();
        await Expect(page.Locator("#q-consent")).ToBeCheckedAsync();
        await ChromiumFixture.AssertAxeCleanAsync(page, script, $"questions with errors {language}");
        Assert.Equal(0, await app.CountRowsAsync("booking|"));

        await page.Locator("#q-seats").FillAsync("12");
        await page.Locator("button.primary").ClickAsync();
        await Expect(page.Locator("a.manage-link")).ToHaveCountAsync(1);

        var bookings = await app.Management.GetFromJsonAsync<JsonObject>(
            $"/api/calendars/{ApiTestHelpers.CalendarId}/bookings?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z");
        QuestionApi.AssertJson(
            """{"reason":"Renewal","details":"Line one\r\nLine two","plan":"pro","topics":["a","c"],"mobile":"+49 30 123","consent":true,"seats":12,"dealId":"D-42"}""",
            bookings!["bookings"]![0]!["answers"]);
    }
}
