using OneTimeLinks.Tests.Approval;

namespace OneTimeLinks.Tests.Questions;

/// <summary>
/// Book checks the answers by type, required flag, options, length and number format (issue 23): every bad answer is a
/// 422 naming <c>answers.{questionId}</c>, and nothing is stored.
/// </summary>
public sealed class AnswerValidationTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private protected override object? Calendar => QuestionApi.QuestionCalendar();

    private protected override bool CapturesServiceBus => false;

    private const string Valid = "\"reason\": \"Demo\", \"plan\": \"pro\", \"consent\": true";

    /// <summary>Answers (the JSON object's members), the field error expected, and a word of its message.</summary>
    public static TheoryData<string, string, string> BadAnswers => new()
    {
        { "\"plan\": \"pro\", \"consent\": true", "answers.reason", "required" },
        { "\"reason\": \"\", \"plan\": \"pro\", \"consent\": true", "answers.reason", "required" },
        { "\"reason\": \"   \", \"plan\": \"pro\", \"consent\": true", "answers.reason", "required" },
        { "\"reason\": \"123456789012345678901\", \"plan\": \"pro\", \"consent\": true", "answers.reason", "at most 20" },
        { "\"reason\": \"😀😀😀😀😀😀😀😀😀😀😀\", \"plan\": \"pro\", \"consent\": true", "answers.reason", "at most 20" },
        { "\"reason\": \"two\\r\\nlines\", \"plan\": \"pro\", \"consent\": true", "answers.reason", "single line" },
        { "\"reason\": 5, \"plan\": \"pro\", \"consent\": true", "answers.reason", "text" },
        { Valid + ", \"details\": \"" + new string('x', 51) + "\"", "answers.details", "at most 50" },
        { Valid + ", \"details\": \"" + new string('x', 60_000) + "\"", "answers.details", "at most 50" },
        { Valid + ", \"details\": \"bell\\u0007\"", "answers.details", "control" },
        { "\"reason\": \"Demo\", \"plan\": \"gold\", \"consent\": true", "answers.plan", "options" },
        { "\"reason\": \"Demo\", \"plan\": [\"pro\"], \"consent\": true", "answers.plan", "options" },
        { "\"reason\": \"Demo\", \"consent\": true", "answers.plan", "required" },
        { Valid + ", \"topics\": [\"a\", \"a\"]", "answers.topics", "different options" },
        { Valid + ", \"topics\": [\"x\"]", "answers.topics", "options" },
        { Valid + ", \"topics\": 5", "answers.topics", "options" },
        { Valid + ", \"mobile\": \"call me\"", "answers.mobile", "digits" },
        { Valid + ", \"mobile\": \"" + new string('1', 41) + "\"", "answers.mobile", "at most 40" },
        { "\"reason\": \"Demo\", \"plan\": \"pro\", \"consent\": false", "answers.consent", "required" },
        { "\"reason\": \"Demo\", \"plan\": \"pro\", \"consent\": \"yes\"", "answers.consent", "true or false" },
        { "\"reason\": \"Demo\", \"plan\": \"pro\"", "answers.consent", "required" },
        { Valid + ", \"seats\": \"1e3\"", "answers.seats", "number" },
        { Valid + ", \"seats\": 1e3", "answers.seats", "number" },
        { Valid + ", \"seats\": \"12,5\"", "answers.seats", "number" },
        { Valid + ", \"seats\": \"abc\"", "answers.seats", "number" },
        { Valid + ", \"seats\": 1234567890123456", "answers.seats", "number" },
        { Valid + ", \"seats\": 1.1234567", "answers.seats", "number" },
        { Valid + ", \"seats\": true", "answers.seats", "number" },
        { Valid + ", \"nope\": \"x\"", "answers.nope", "not a question" },
        { Valid + ", \"bad id!\": \"x\"", "answers", "not a question" },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task Book_BadAnswer_Is422WithTheQuestionsFieldErrorAndStoresNothing(string members, string field, string word)
    {
        var url = await App.GenerateLinkUrlAsync();
        var rowsBefore = await App.RowsAsync();

        using var response = await App.BookWithAnswersAsync(url, "{" + members + "}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key));
        Assert.Contains(word, errors[field]!.AsArray().Single()!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(rowsBefore, await App.RowsAsync());
    }

    [Fact]
    public async Task Book_SeveralBadAnswers_ReportsEveryQuestionAtOnce()
    {
        var url = await App.GenerateLinkUrlAsync();

        using var response = await App.BookWithAnswersAsync(url, "{\"plan\": \"gold\", \"seats\": \"x\"}");

        var errors = (await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity))["errors"]!.AsObject();
        Assert.Equal(["answers.consent", "answers.plan", "answers.reason", "answers.seats"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task Book_EveryTypeAnsweredWell_RecordsNormalizedAnswersInTheQuestionsOrder()
    {
        var url = await App.GenerateLinkUrlAsync();

        using var response = await App.BookWithAnswersAsync(
            url,
            "{\"seats\": \"3.50\", \"topics\": [\"c\", \"a\"], \"consent\": true, \"plan\": \"basic\", \"reason\": \"  Demo 😀  \", \"details\": \"line one\\r\\nline two\", \"mobile\": \"+49 30 123\"}");

        var booking = await response.AssertJsonAsync(HttpStatusCode.Created);
        var stored = await App.BookingStateAsync(booking["bookingId"]!.GetValue<string>());
        QuestionApi.AssertJson(
            """{"reason":"Demo 😀","details":"line one\r\nline two","plan":"basic","topics":["a","c"],"mobile":"+49 30 123","consent":true,"seats":3.50}""",
            stored["answers"]);
    }
}
