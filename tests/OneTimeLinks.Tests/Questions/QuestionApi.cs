using System.Globalization;
using System.Net.Http.Headers;
using OneTimeLinks.Tests.Pages;
using System.Text;
using System.Text.Json;

namespace OneTimeLinks.Tests.Questions;

/// <summary>The calendar with questions and the booking calls the question specifications share.</summary>
internal static class QuestionApi
{
    /// <summary>One question of every type, some required, some with labels in German.</summary>
    public static object[] EveryType() =>
    [
        new { id = "reason", type = "text", required = true, label = new { en = "Reason", de = "Grund" }, maxLength = 20 },
        new { id = "details", type = "longText", required = false, label = new { en = "Details", de = "Einzelheiten" }, maxLength = 50 },
        new
        {
            id = "plan", type = "singleChoice", required = true, label = new { en = "Plan", de = "Tarif" },
            options = new object[] { new { id = "basic", label = new { en = "Basic", de = "Basis" } }, new { id = "pro", label = new { en = "Pro" } } },
        },
        new
        {
            id = "topics", type = "multiChoice", required = false, label = new { en = "Topics" },
            options = new object[] { new { id = "a", label = new { en = "Alpha" } }, new { id = "b", label = new { en = "Beta" } }, new { id = "c", label = new { en = "Gamma" } } },
        },
        new { id = "mobile", type = "phone", required = false, label = new { en = "Mobile" } },
        new { id = "consent", type = "checkbox", required = true, label = new { en = "I agree", de = "Ich stimme zu" } },
        new { id = "seats", type = "number", required = false, label = new { en = "Seats", de = "Plätze" } },
        new { id = "dealId", type = "text", required = false, label = new { en = "Deal" } },
    ];

    /// <summary>The default Berlin calendar asking <paramref name="questions"/> (<see cref="EveryType"/> by default).</summary>
    public static JsonObject QuestionCalendar(object[]? questions = null, string? language = null)
    {
        var calendar = JsonSerializer.SerializeToNode(Api.BerlinCalendar(language: language))!.AsObject();
        calendar["questions"] = JsonSerializer.SerializeToNode(questions ?? EveryType());
        return calendar;
    }

    /// <summary>Answers that satisfy <see cref="EveryType"/>: its required questions only.</summary>
    public static Dictionary<string, object?> ValidAnswers() => new() { ["reason"] = "Demo", ["plan"] = "pro", ["consent"] = true };

    /// <summary>POST {url}/book as an API client with <paramref name="answersJson"/> as the body's <c>answers</c>, verbatim.</summary>
    public static Task<HttpResponseMessage> BookWithAnswersAsync(this TestApp app, string url, string answersJson, DateTimeOffset? start = null)
    {
        var at = (start ?? ApiTestHelpers.FirstSlot).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var body = $$"""{"start": "{{at}}", "name": "Jane Doe", "email": "jane@example.com", "answers": {{answersJson}}}""";
        var request = new HttpRequestMessage(HttpMethod.Post, Api.PathOf(url) + "/book") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return app.Public.SendAsync(request);
    }

    public static Task<HttpResponseMessage> BookWithAnswersAsync(this TestApp app, string url, object answers, DateTimeOffset? start = null) =>
        app.BookWithAnswersAsync(url, JsonSerializer.Serialize(answers), start);

    /// <summary>POST {url}/book as the booking page's form does, with the given form fields after the booking's own.</summary>
    public static async Task<HttpResponseMessage> BookFormAsync(this TestApp app, string url, IEnumerable<KeyValuePair<string, string>> answers, string? language = null)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("start", ApiTestHelpers.FirstSlot.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)),
            new("name", "Jane Doe"),
            new("email", "jane@example.com"),
        };
        if (language is not null)
        {
            fields.Add(new("lang", language));
        }

        // As a browser posts it: the 303 to the confirmation page is the answer, not followed.
        using var browser = app.Browser();
        using var content = new FormUrlEncodedContent([.. fields, .. answers]);
        return await browser.PostAsync(new Uri(Api.PathOf(url) + "/book", UriKind.Relative), content);
    }

    /// <summary>True when <paramref name="actual"/> is the JSON <paramref name="expected"/>, compared as values, not as escaped text.</summary>
    public static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected}, got {actual?.ToJsonString()}");
}
