using OneTimeLinks.Tests.Pages;
using static OneTimeLinks.Tests.Questions.QuestionApi;

namespace OneTimeLinks.Tests.Questions;

/// <summary>The booking page's questions without script (issue 23): the plain form post, its errors in every language, the manage page.</summary>
public sealed class QuestionPageTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private protected override object? Calendar => QuestionCalendar();

    private protected override bool CapturesServiceBus => false;

    /// <summary>Language, the reason question's label there (English where the calendar has none), the "required" words.</summary>
    public static TheoryData<string, string, string, string> Languages => new()
    {
        { "en", "Reason", "Is required.", "Use at most 50 characters." },
        { "de", "Grund", "erforderlich", "Höchstens 50 Zeichen." },
        { "fr", "Reason", "obligatoire", "50 caractères au maximum." },
        { "es", "Reason", "obligatorio", "Como máximo 50 caracteres." },
        { "pt", "Reason", "obrigatório", "No máximo 50 caracteres." },
        { "nl", "Reason", "verplicht", "Hooguit 50 tekens." },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task BookForm_MissingAndTooLongAnswers_Is422PageNamingTheQuestionsInItsLanguageAndStoresNothing(
        string language, string reasonLabel, string requiredWord, string tooLong)
    {
        var url = await App.GenerateLinkUrlAsync();
        var rowsBefore = await App.RowsAsync();

        using var response = await App.BookFormAsync(url, [new("answers.plan", "pro"), new("answers.details", new string('x', 51))], language);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"id=\"answers.reason-error\"", html, StringComparison.Ordinal);
        Assert.Contains(reasonLabel + ": ", html, StringComparison.Ordinal);
        Assert.Contains(requiredWord, html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(tooLong, html, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"answers.reason-error\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"pro\" checked", html, StringComparison.Ordinal);
        Assert.Equal(rowsBefore, await App.RowsAsync());
    }

    [Fact]
    public async Task BookForm_AnswersEveryType_RecordsThemAndTheManagePageShowsTheVisibleOnes()
    {
        var url = await App.GenerateLinkUrlAsync(new { hidden = new[] { "dealId" }, prefill = new { dealId = "D-42" } });

        using var response = await App.BookFormAsync(url,
        [
            new("answers.reason", "Demo\r\n"), new("answers.plan", "basic"), new("answers.topics", "a"), new("answers.topics", "c"),
            new("answers.consent", "true"), new("answers.seats", "12"), new("answers.details", ""), new("answers.dealId", "D-666"),
        ]);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var bookings = await App.Management.GetFromJsonAsync<JsonObject>(
            $"/api/calendars/{ApiTestHelpers.CalendarId}/bookings?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z");
        var booking = bookings!["bookings"]![0]!;
        AssertJson("""{"reason":"Demo","plan":"basic","topics":["a","c"],"consent":true,"seats":12,"dealId":"D-42"}""", booking["answers"]);
    }

    [Fact]
    public async Task ManagePage_ShowsTheInviteesAnswersButNotTheHiddenPrefill()
    {
        var url = await App.GenerateLinkUrlAsync(new { hidden = new[] { "dealId" }, prefill = new { dealId = "D-42" } });
        using var booked = await App.BookWithAnswersAsync(url, new { reason = "Demo <b>", plan = "basic", consent = true, topics = new[] { "a", "b" } });
        var manageUrl = (await booked.AssertJsonAsync(HttpStatusCode.Created))["manageUrl"]!.GetValue<string>();
        using var browser = App.Browser();

        var (page, html) = await browser.GetPageAsync(Api.PathOf(manageUrl) + "?lang=de");

        using (page)
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        Assert.All(["Ihre Antworten", "Demo &lt;b&gt;", "Basis", "Alpha, Beta", ">Ja<"], shown => Assert.Contains(shown, html, StringComparison.Ordinal));
        Assert.DoesNotContain("D-42", html, StringComparison.Ordinal);
    }
}
