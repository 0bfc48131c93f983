using static OneTimeLinks.Tests.Questions.QuestionApi;

namespace OneTimeLinks.Tests.Questions;

/// <summary>A calendar's <c>questions</c> (issue 23): every bad definition is a 422 under its JSON path; good ones read back.</summary>
public sealed class QuestionDefinitionTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private protected override bool CapturesServiceBus => false;

    private static object Text(string id = "q", object? label = null, int? maxLength = null, bool required = false) =>
        new { id, type = "text", required, label = label ?? new { en = "Question" }, maxLength };

    private static object Choice(string type, params string[] optionIds) =>
        new { id = "q", type, label = new { en = "Pick" }, options = optionIds.Select(o => new { id = o, label = new { en = o } }).ToArray() };

    public static TheoryData<string, object[]> BadDefinitions => new()
    {
        { "questions", Enumerable.Range(0, 11).Select(i => Text("q" + i)).ToArray() },
        { "questions[0].id", [Text("")] },
        { "questions[0].id", [Text("has space")] },
        { "questions[0].id", [Text(new string('a', 41))] },
        { "questions[1].id", [Text("same"), Text("same")] },
        { "questions[0].type", [new { id = "q", type = "date", label = new { en = "When" } }] },
        { "questions[0].type", [new { id = "q", label = new { en = "When" } }] },
        { "questions[0].label", [Text(label: new { de = "Nur Deutsch" })] },
        { "questions[0].label.en", [Text(label: new { en = "" })] },
        { "questions[0].label.en", [Text(label: new { en = new string('x', 201) })] },
        { "questions[0].label.en", [Text(label: new { en = "two\nlines" })] },
        { "questions[0].label.it", [Text(label: new { en = "Question", it = "Domanda" })] },
        { "questions[0].options", [Choice("singleChoice", "only")] },
        { "questions[0].options", [new { id = "q", type = "multiChoice", label = new { en = "Pick" } }] },
        { "questions[0].options", [Choice("multiChoice", [.. Enumerable.Range(0, 21).Select(i => "o" + i)])] },
        { "questions[0].options[1].id", [Choice("singleChoice", "a", "a")] },
        { "questions[0].options[0].id", [Choice("singleChoice", "a b", "c")] },
        { "questions[0].options", [new { id = "q", type = "text", label = new { en = "Pick" }, options = new[] { new { id = "a", label = new { en = "A" } } } }] },
        { "questions[0].maxLength", [Text(maxLength: 0)] },
        { "questions[0].maxLength", [Text(maxLength: 501)] },
        { "questions[0].maxLength", [new { id = "q", type = "number", label = new { en = "How many" }, maxLength = 5 }] },
        { "questions[0].maxLength", [new { id = "q", type = "phone", label = new { en = "Phone" }, maxLength = 41 }] },
        { "questions[0]", [null!] },
    };

    [Theory]
    [MemberData(nameof(BadDefinitions))]
    public async Task PutCalendar_BadQuestion_Is422NamingItsPathAndKeepsTheCalendar(string field, object[] questions)
    {
        var rowsBefore = await App.RowsAsync();

        using var response = await App.Management.PutAsJsonAsync($"/api/calendars/{ApiTestHelpers.CalendarId}", QuestionCalendar(questions));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(rowsBefore, await App.RowsAsync());
        Assert.Empty((await App.Management.GetFromJsonAsync<JsonObject>($"/api/calendars/{ApiTestHelpers.CalendarId}"))!["questions"]!.AsArray());
    }

    [Fact]
    public async Task PutCalendar_TenQuestionsInSixLanguages_ReadsBackAsSent()
    {
        var labels = new Dictionary<string, string> { ["en"] = "Question 😀", ["de"] = "Frage", ["fr"] = "Question « ça »", ["es"] = "Pregunta", ["pt"] = "Pergunta", ["nl"] = "Vraag" };
        var questions = Enumerable.Range(0, 10).Select(i => (object)new
        {
            id = $"q{i}",
            type = "multiChoice",
            required = i % 2 == 0,
            label = labels.ToDictionary(l => l.Key, l => l.Value + " " + new string('x', 180)),
            options = Enumerable.Range(0, 3).Select(o => new { id = $"o{o}", label = labels }).ToArray(),
        }).ToArray();

        using var put = await App.Management.PutAsJsonAsync($"/api/calendars/{ApiTestHelpers.CalendarId}", QuestionCalendar(questions));
        var saved = await put.AssertJsonAsync(HttpStatusCode.OK);
        var read = (await App.Management.GetFromJsonAsync<JsonObject>($"/api/calendars/{ApiTestHelpers.CalendarId}"))!;

        Assert.Equal(10, read["questions"]!.AsArray().Count);
        Assert.Equal(saved["questions"]!.ToJsonString(), read["questions"]!.ToJsonString());
        var first = read["questions"]![0]!;
        Assert.Equal("multiChoice", first["type"]!.GetValue<string>());
        Assert.Equal("Question « ça » " + new string('x', 180), first["label"]!["fr"]!.GetValue<string>());
        Assert.Equal("Vraag", first["options"]![2]!["label"]!["nl"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutCalendar_OptionsTooLongAltogether_Is422OnQuestions()
    {
        var longLabels = new Dictionary<string, string> { ["en"] = new('e', 35), ["de"] = new('d', 35), ["fr"] = new('f', 35), ["es"] = new('s', 35), ["pt"] = new('p', 35), ["nl"] = new('n', 35) };
        var questions = Enumerable.Range(0, 10).Select(i => (object)new
        {
            id = $"q{i}", type = "singleChoice", label = new { en = "Pick" },
            options = Enumerable.Range(0, 20).Select(o => new { id = $"o{o}", label = longLabels }).ToArray(),
        }).ToArray();

        using var response = await App.Management.PutAsJsonAsync($"/api/calendars/{ApiTestHelpers.CalendarId}", QuestionCalendar(questions));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["questions"], problem["errors"]!.AsObject().Select(e => e.Key));
    }
}
