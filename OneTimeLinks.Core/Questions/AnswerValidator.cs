using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Questions;

/// <summary>
/// Checks the invitee's answers at book time against the calendar's questions and the link's hidden and prefilled ones,
/// each error under <c>answers.{questionId}</c>. A JSON client sends typed values; a form sends text (and repeats a
/// multi-choice field), which is why a number or a checkbox also reads from its text. Answers come back normalized:
/// trimmed text, option ids, a list for multi-choice, true or false, a JSON number.
/// </summary>
public static partial class AnswerValidator
{
    /// <summary>The field error key of a question's answer.</summary>
    public static string Field(string questionId) => $"answers.{questionId}";

    /// <summary>The answers to record (in the calendar's question order), null when there are none.</summary>
    public static IReadOnlyDictionary<string, JsonElement>? Validate(
        IReadOnlyList<BookingQuestion> questions,
        LinkQuestions link,
        IReadOnlyDictionary<string, JsonElement>? posted,
        FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(errors);
        posted ??= new Dictionary<string, JsonElement>();

        // An answer to a question the calendar does not ask is a client bug (or a stale form after the questions
        // changed): refused rather than dropped, so the client learns of it instead of losing what it sent.
        foreach (var id in posted.Keys.Where(id => questions.All(q => q.Id != id)).Take(QuestionRules.MaxQuestions))
        {
            errors.Add(QuestionRules.IsValidId(id) ? Field(id) : "answers", AnswerErrors.Unknown);
        }

        var answers = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var question in questions)
        {
            if (link.Hidden.Contains(question.Id))
            {
                // The invitee never saw it: whatever was posted for it is ignored, the link's prefill is the answer. A
                // prefill the calendar's questions have since outgrown (an option removed) is dropped, never an error
                // the invitee could not fix.
                if (link.Prefill.TryGetValue(question.Id, out var prefill) && Normalize(question, prefill, Field(question.Id), new FieldErrors()) is { } kept)
                {
                    answers[question.Id] = kept;
                }

                continue;
            }

            var value = posted.TryGetValue(question.Id, out var sent) ? Normalize(question, sent, Field(question.Id), errors) : null;
            if (value is { } answer)
            {
                answers[question.Id] = answer;
            }
            else if (question.Required && !errors.HasField(Field(question.Id)))
            {
                errors.Add(Field(question.Id), AnswerErrors.Required);
            }
        }

        return answers.Count == 0 ? null : answers;
    }

    /// <summary>
    /// One answer, normalized; null when it is empty (nothing typed, nothing chosen) or wrong, which adds an error to
    /// <paramref name="errors"/> under <paramref name="field"/>. An unchecked checkbox is false, and false answers a
    /// required checkbox no more than nothing does.
    /// </summary>
    public static JsonElement? Normalize(BookingQuestion question, JsonElement value, string field, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(errors);
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        return question.Type switch
        {
            QuestionType.Text or QuestionType.LongText or QuestionType.Phone => Text(question, value, field, errors),
            QuestionType.SingleChoice => Choice(question, value, field, errors),
            QuestionType.MultiChoice => Choices(question, value, field, errors),
            QuestionType.Checkbox => Checkbox(question, value, field, errors),
            _ => Number(value, field, errors),
        };
    }

    private static JsonElement? Text(BookingQuestion question, JsonElement value, string field, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return Fail(errors, field, AnswerErrors.Text);
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length > question.AnswerMaxLength)
        {
            return Fail(errors, field, AnswerErrors.TooLong(question.AnswerMaxLength!.Value));
        }

        // A long text may hold line breaks and tabs; a one-line answer holds no control character at all.
        var allowed = question.Type == QuestionType.LongText ? "\r\n\t" : "";
        if (text.Any(c => char.IsControl(c) && !allowed.Contains(c, StringComparison.Ordinal)))
        {
            return Fail(errors, field, question.Type == QuestionType.LongText ? AnswerErrors.ControlCharacters : AnswerErrors.SingleLine);
        }

        if (question.Type == QuestionType.Phone && !text.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or '(' or ')' or ' ' or '.' or '/'))
        {
            return Fail(errors, field, AnswerErrors.Phone);
        }

        return JsonSerializer.SerializeToElement(text);
    }

    private static JsonElement? Choice(BookingQuestion question, JsonElement value, string field, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return Fail(errors, field, AnswerErrors.Option);
        }

        var id = value.GetString()!;
        return id.Length == 0 ? null
            : question.Options.Any(o => o.Id == id) ? JsonSerializer.SerializeToElement(id)
            : Fail(errors, field, AnswerErrors.Option);
    }

    private static JsonElement? Choices(BookingQuestion question, JsonElement value, string field, FieldErrors errors)
    {
        // A form sends one checked box as a single value.
        List<JsonElement> items = value.ValueKind switch
        {
            JsonValueKind.Array => [.. value.EnumerateArray()],
            JsonValueKind.String => [value],
            _ => [],
        };
        if (value.ValueKind is not (JsonValueKind.Array or JsonValueKind.String)
            || items.Count > question.Options.Count
            || items.Any(i => i.ValueKind != JsonValueKind.String || question.Options.All(o => o.Id != i.GetString())))
        {
            return Fail(errors, field, AnswerErrors.Options);
        }

        var ids = items.Select(i => i.GetString()!).ToList();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            return Fail(errors, field, AnswerErrors.Options);
        }

        // Recorded in the question's order, whatever order the client sent them in.
        return ids.Count == 0 ? null : JsonSerializer.SerializeToElement(question.Options.Select(o => o.Id).Where(ids.Contains).ToList());
    }

    private static JsonElement? Checkbox(BookingQuestion question, JsonElement value, string field, FieldErrors errors)
    {
        bool? isChecked = value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => value.GetString() switch
            {
                "true" or "on" => true,
                "false" => false,
                _ => null,
            },
            _ => null,
        };
        if (isChecked is null)
        {
            return Fail(errors, field, AnswerErrors.Checkbox);
        }

        return isChecked.Value || !question.Required ? JsonSerializer.SerializeToElement(isChecked.Value) : null;
    }

    private static JsonElement? Number(JsonElement value, string field, FieldErrors errors)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString()!.Trim(),
            _ => null,
        };
        if (text is { Length: 0 })
        {
            return null;
        }

        // Plain decimals only: an exponent, a leading '+', thousands separators or a comma decimal mean different
        // numbers to different readers, and 15 digits is what every CRM's double holds exactly.
        if (text is null || !DecimalNumber().IsMatch(text)
            || !decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return Fail(errors, field, AnswerErrors.Number);
        }

        return JsonSerializer.SerializeToElement(number);
    }

    [GeneratedRegex(@"\A-?[0-9]{1,15}(\.[0-9]{1,6})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalNumber();

    private static JsonElement? Fail(FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }
}

/// <summary>The messages of answer errors: the JSON API's English, and the keys the pages translate them by.</summary>
public static class AnswerErrors
{
    public const string Required = "Is required.";
    public const string Unknown = "Is not a question of this calendar.";
    public const string Text = "Must be text.";
    public const string SingleLine = "Must be a single line.";
    public const string ControlCharacters = "Must not contain control characters.";
    public const string Phone = "May contain only digits, spaces and + - ( ) . /";
    public const string Option = "Must be one of the question's options.";
    public const string Options = "Must be a list of different options of the question.";
    public const string Checkbox = "Must be true or false.";
    public const string Number = "Must be a number such as 42 or 3.5 (up to 15 digits, 6 after the point).";

    private const string TooLongPrefix = "Must be at most ";

    public static string TooLong(int maxLength) => $"{TooLongPrefix}{maxLength} characters.";

    /// <summary>The limit a <see cref="TooLong"/> message names, for a page that words it in its own language.</summary>
    public static int? TooLongLimit(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.StartsWith(TooLongPrefix, StringComparison.Ordinal)
            && int.TryParse(message.AsSpan(TooLongPrefix.Length).TrimEnd(" characters."), NumberStyles.None, CultureInfo.InvariantCulture, out var limit)
            ? limit
            : null;
    }
}
