using OneTimeLinks.Core.Questions;
using OneTimeLinks.Functions.Pages.Resources;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// A field's validation messages in the page's language. Core writes them in English for the JSON API; the ones an
/// invitee can meet in the form (the browser's own checks stop the rest) have translations, any other stays English.
/// </summary>
public static class FieldErrorText
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["Is required."] = "Validation.Required",
        ["Must be an email address."] = "Validation.Email",
        ["May contain only digits, spaces and + - ( ) . /"] = "Validation.Phone",
        [AnswerErrors.Text] = "Questions.ErrorText",
        [AnswerErrors.SingleLine] = "Questions.ErrorSingleLine",
        [AnswerErrors.ControlCharacters] = "Questions.ErrorControl",
        [AnswerErrors.Option] = "Questions.ErrorOption",
        [AnswerErrors.Options] = "Questions.ErrorOptions",
        [AnswerErrors.Checkbox] = "Questions.ErrorCheckbox",
        [AnswerErrors.Number] = "Questions.ErrorNumber",
        [AnswerErrors.Unknown] = "Questions.ErrorUnknown",
    };

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["start"] = "Field.Time", ["name"] = "Field.Name", ["email"] = "Field.Email", ["phone"] = "Field.Phone", ["message"] = "Field.Message",
    };

    /// <summary>
    /// The field's messages after its label: the page's own label for the booking fields, <paramref name="label"/> (the
    /// question as the page asked it) for an answer.
    /// </summary>
    public static string For(string field, IReadOnlyCollection<string> messages, PageText text, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(text);
        if (field == "start" && messages.Any(m => m.Contains("required", StringComparison.OrdinalIgnoreCase)))
        {
            return text["Booking.ChooseTime"];
        }

        var translated = messages.Select(m =>
            Known.TryGetValue(m, out var key) ? text[key]
            : AnswerErrors.TooLongLimit(m) is { } limit ? text["Questions.ErrorTooLong", limit]
            : m);
        return $"{label ?? (Labels.TryGetValue(field, out var own) ? text[own] : field)}: {string.Join(" ", translated)}";
    }
}
