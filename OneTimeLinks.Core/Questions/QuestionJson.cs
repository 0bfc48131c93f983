using System.Text.Json;

namespace OneTimeLinks.Core.Questions;

/// <summary>
/// The JSON columns questions live in: a calendar's questions, a link's hidden and prefilled ones, a booking's answers.
/// Each is one column so a row never grows a column per question.
/// </summary>
internal static class QuestionJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string? ToJson(IReadOnlyList<BookingQuestion> questions) =>
        questions.Count == 0
            ? null
            : JsonSerializer.Serialize(questions.Select(q => new StoredQuestion(
                q.Id, q.Type.ToWireName(), q.Required, q.Label, q.HasOptions ? [.. q.Options.Select(o => new StoredOption(o.Id, o.Label))] : null, q.MaxLength)), Options);

    public static IReadOnlyList<BookingQuestion> ToQuestions(string? json) =>
        json is null
            ? []
            : [.. JsonSerializer.Deserialize<List<StoredQuestion>>(json, Options)!.Select(q => new BookingQuestion(
                q.Id,
                QuestionRules.TryParseType(q.Type, out var type) ? type : throw new InvalidDataException($"Unknown question type '{q.Type}'."),
                q.Required,
                q.Label,
                [.. (q.Options ?? []).Select(o => new QuestionOption(o.Id, o.Label))],
                q.MaxLength))];

    public static string? ToJson(LinkQuestions questions) =>
        questions.IsEmpty ? null : JsonSerializer.Serialize(new StoredLinkQuestions(questions.Hidden, questions.Prefill), Options);

    public static LinkQuestions ToLinkQuestions(string? json) =>
        json is null || JsonSerializer.Deserialize<StoredLinkQuestions>(json, Options) is not { } stored
            ? LinkQuestions.None
            : new LinkQuestions(stored.Hidden ?? [], stored.Prefill ?? new Dictionary<string, JsonElement>());

    public static string? ToJson(IReadOnlyDictionary<string, JsonElement>? answers) =>
        answers is null || answers.Count == 0 ? null : JsonSerializer.Serialize(answers, Options);

    public static IReadOnlyDictionary<string, JsonElement>? ToAnswers(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json, Options);

    private sealed record StoredQuestion(
        string Id, string Type, bool Required, IReadOnlyDictionary<string, string> Label, IReadOnlyList<StoredOption>? Options, int? MaxLength);

    private sealed record StoredOption(string Id, IReadOnlyDictionary<string, string> Label);

    private sealed record StoredLinkQuestions(IReadOnlyList<string>? Hidden, IReadOnlyDictionary<string, JsonElement>? Prefill);
}
