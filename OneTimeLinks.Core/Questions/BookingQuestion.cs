using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Questions;

/// <summary>What an invitee answers a question with, and so how the page asks it and how book checks the answer.</summary>
public enum QuestionType
{
    Text,
    LongText,
    SingleChoice,
    MultiChoice,
    Phone,
    Checkbox,
    Number,
}

/// <summary>
/// One question a calendar asks at booking time (issue 23). <see cref="Label"/> holds the label per page language and
/// always has English, which stands in for a language it lacks; <see cref="Options"/> only for the choice types.
/// </summary>
public sealed record BookingQuestion(
    string Id,
    QuestionType Type,
    bool Required,
    IReadOnlyDictionary<string, string> Label,
    IReadOnlyList<QuestionOption> Options,
    int? MaxLength)
{
    public bool HasOptions => Type is QuestionType.SingleChoice or QuestionType.MultiChoice;

    /// <summary>The longest answer accepted: the question's own limit, or its type's default; null for types without text.</summary>
    public int? AnswerMaxLength => MaxLength ?? QuestionRules.DefaultMaxLength(Type);

    public string LabelIn(string language) => QuestionRules.Localize(Label, language);
}

/// <summary>One choice of a single- or multi-choice question.</summary>
public sealed record QuestionOption(string Id, IReadOnlyDictionary<string, string> Label)
{
    public string LabelIn(string language) => QuestionRules.Localize(Label, language);
}

/// <summary>The wire names and bounds of questions: one home for API, events, storage and pages.</summary>
public static class QuestionRules
{
    public const int MaxQuestions = 10;
    public const int MaxIdLength = 40;
    public const int MaxLabelLength = 200;
    public const int MaxOptionLabelLength = 100;
    public const int MinOptions = 2;
    public const int MaxOptions = 20;
    public const int MaxTextLength = 500;
    public const int MaxLongTextLength = 2000;

    /// <summary>
    /// All questions as stored, in characters: a table property holds 32K UTF-16 characters, and ten questions with
    /// twenty options in six languages at full length could exceed it.
    /// </summary>
    public const int MaxStoredLength = 30_000;
    public const int MaxPhoneLength = 40;

    private static readonly string[] Names = ["text", "longText", "singleChoice", "multiChoice", "phone", "checkbox", "number"];

    public static IReadOnlyList<string> TypeNames => Names;

    public static string ToWireName(this QuestionType type) => Names[(int)type];

    public static bool TryParseType(string? value, out QuestionType type)
    {
        var index = value is null ? -1 : Array.IndexOf(Names, value);
        type = index < 0 ? default : (QuestionType)index;
        return index >= 0;
    }

    /// <summary>The limit a question of <paramref name="type"/> takes when it sets none, and the most it may set.</summary>
    public static int? DefaultMaxLength(QuestionType type) => type switch
    {
        QuestionType.Text => 200,
        QuestionType.LongText => 1000,
        QuestionType.Phone => MaxPhoneLength,
        _ => null,
    };

    public static int? UpperMaxLength(QuestionType type) => type switch
    {
        QuestionType.Text => MaxTextLength,
        QuestionType.LongText => MaxLongTextLength,
        QuestionType.Phone => MaxPhoneLength,
        _ => null,
    };

    /// <summary>1-40 of letters, digits, '_' and '-': ids travel in form field names and field error keys unescaped.</summary>
    public static bool IsValidId(string? id) => InputRules.IsSlug(id, MaxIdLength);

    public static string Localize(IReadOnlyDictionary<string, string> labels, string language)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return labels.TryGetValue(language, out var label) ? label : labels[Languages.Default];
    }
}
