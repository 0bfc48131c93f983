using OneTimeLinks.Core.Questions;

namespace OneTimeLinks.Functions.Questions;

/// <summary>A calendar's question as the API returns it: the shape the calendar PUT takes.</summary>
internal sealed record QuestionResponse(
    string Id,
    string Type,
    bool Required,
    IReadOnlyDictionary<string, string> Label,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<QuestionOptionResponse>? Options,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    int? MaxLength)
{
    public static QuestionResponse From(BookingQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return new(
            question.Id,
            question.Type.ToWireName(),
            question.Required,
            question.Label,
            question.HasOptions ? [.. question.Options.Select(o => new QuestionOptionResponse(o.Id, o.Label))] : null,
            question.MaxLength);
    }
}

internal sealed record QuestionOptionResponse(string Id, IReadOnlyDictionary<string, string> Label);
