using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Questions;

/// <summary>
/// Checks a calendar's <c>questions</c>, reporting every problem under its JSON path (<c>questions[2].options[0].id</c>)
/// so a CRM fixes all of them in one round trip.
/// </summary>
public static class QuestionValidator
{
    public static IReadOnlyList<BookingQuestion> Validate(IReadOnlyList<BookingQuestionRequest?>? requests, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (requests is null || requests.Count == 0)
        {
            return [];
        }

        if (requests.Count > QuestionRules.MaxQuestions)
        {
            errors.Add("questions", $"At most {QuestionRules.MaxQuestions} questions.");
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var questions = new List<BookingQuestion>(requests.Count);
        foreach (var (path, request) in InputRules.Items(requests, "questions", "A question needs an id, a type and a label.", errors))
        {
            if (ValidateOne(path, request, seen, errors) is { } question)
            {
                questions.Add(question);
            }
        }

        if (QuestionJson.ToJson(questions) is { Length: > QuestionRules.MaxStoredLength })
        {
            errors.Add("questions", $"The questions' labels and options together are too long to store ({QuestionRules.MaxStoredLength} characters at most).");
        }

        return questions;
    }

    private static BookingQuestion? ValidateOne(string path, BookingQuestionRequest request, HashSet<string> seen, FieldErrors errors)
    {
        var report = new FieldErrors();
        var id = Id(request.Id, $"{path}.id", report);
        if (id is not null && !seen.Add(id))
        {
            report.Add($"{path}.id", "Appears earlier in questions.");
        }

        QuestionType? type = null;
        if (QuestionRules.TryParseType(request.Type, out var parsed))
        {
            type = parsed;
        }
        else
        {
            report.Add($"{path}.type", $"Must be one of {string.Join(", ", QuestionRules.TypeNames)}.");
        }

        var label = Labels(request.Label, QuestionRules.MaxLabelLength, $"{path}.label", report);
        IReadOnlyList<QuestionOption> options = type is { } t && (t is QuestionType.SingleChoice or QuestionType.MultiChoice)
            ? Options(request.Options, $"{path}.options", report)
            : NoOptions(request.Options, $"{path}.options", report);
        var maxLength = MaxLength(request.MaxLength, type, $"{path}.maxLength", report);

        report.CopyTo(errors);
        return report.IsEmpty ? new BookingQuestion(id!, type!.Value, request.Required ?? false, label!, options, maxLength) : null;
    }

    private static string? Id(string? id, string field, FieldErrors errors)
    {
        if (!QuestionRules.IsValidId(id))
        {
            errors.Add(field, InputRules.SlugRule(QuestionRules.MaxIdLength));
            return null;
        }

        return id;
    }

    /// <summary>Labels per page language; English is required, as every other language falls back to it.</summary>
    private static Dictionary<string, string>? Labels(IReadOnlyDictionary<string, string?>? labels, int maxLength, string field, FieldErrors errors)
    {
        if (labels is null || !labels.ContainsKey(Languages.Default))
        {
            errors.Add(field, "Needs at least an English label: {\"en\": \"…\"}.");
            return null;
        }

        var valid = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (language, text) in labels)
        {
            if (!Languages.IsSupported(language))
            {
                errors.Add($"{field}.{(QuestionRules.IsValidId(language) ? language : "?")}", InputRules.LanguageRule);
                continue;
            }

            var label = InputRules.RequiredText(text, maxLength, $"{field}.{language}", errors);
            if (label is not null && label.Any(char.IsControl))
            {
                errors.Add($"{field}.{language}", "Must be a single line.");
            }
            else if (label is not null)
            {
                valid[language] = label;
            }
        }

        return valid;
    }

    private static List<QuestionOption> Options(IReadOnlyList<QuestionOptionRequest?>? options, string field, FieldErrors errors)
    {
        if (options is null || options.Count < QuestionRules.MinOptions || options.Count > QuestionRules.MaxOptions)
        {
            errors.Add(field, $"A choice question needs {QuestionRules.MinOptions} to {QuestionRules.MaxOptions} options.");
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var valid = new List<QuestionOption>(options.Count);
        foreach (var (path, option) in InputRules.Items(options, field, "An option needs an id and a label.", errors))
        {
            var id = Id(option.Id, $"{path}.id", errors);
            if (id is not null && !seen.Add(id))
            {
                errors.Add($"{path}.id", "Appears earlier in this question's options.");
            }

            var label = Labels(option.Label, QuestionRules.MaxOptionLabelLength, $"{path}.label", errors);
            if (id is not null && label is not null)
            {
                valid.Add(new QuestionOption(id, label));
            }
        }

        return valid;
    }

    private static List<QuestionOption> NoOptions(IReadOnlyList<QuestionOptionRequest?>? options, string field, FieldErrors errors)
    {
        if (options is not null)
        {
            errors.Add(field, "Only singleChoice and multiChoice questions have options.");
        }

        return [];
    }

    private static int? MaxLength(int? maxLength, QuestionType? type, string field, FieldErrors errors)
    {
        if (maxLength is not { } value || type is not { } t)
        {
            return null;
        }

        if (QuestionRules.UpperMaxLength(t) is not { } upper)
        {
            errors.Add(field, "Only text, longText and phone questions have a maxLength.");
            return null;
        }

        if (value < 1 || value > upper)
        {
            errors.Add(field, $"Must be between 1 and {upper} for a {t.ToWireName()} question.");
            return null;
        }

        return value;
    }
}
