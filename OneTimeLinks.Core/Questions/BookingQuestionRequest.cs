namespace OneTimeLinks.Core.Questions;

/// <summary>A question as the calendar PUT sends it (unvalidated); <see cref="QuestionValidator"/> checks it.</summary>
public sealed record BookingQuestionRequest(
    string? Id,
    string? Type,
    bool? Required,
    IReadOnlyDictionary<string, string?>? Label,
    IReadOnlyList<QuestionOptionRequest?>? Options,
    int? MaxLength);

/// <summary>An option as sent.</summary>
public sealed record QuestionOptionRequest(string? Id, IReadOnlyDictionary<string, string?>? Label);
