using System.Text.Json;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Questions;

/// <summary>
/// What one link does with its calendar's questions: <see cref="Hidden"/> ones the invitee never sees, and
/// <see cref="Prefill"/> values (the answer of a hidden question, the starting value of a visible one). Prefill values
/// are kept as sent and checked against the questions at generation; book normalizes them like any answer.
/// </summary>
public sealed record LinkQuestions(IReadOnlyList<string> Hidden, IReadOnlyDictionary<string, JsonElement> Prefill)
{
    public static LinkQuestions None { get; } = new([], new Dictionary<string, JsonElement>());

    public bool IsEmpty => Hidden.Count == 0 && Prefill.Count == 0;

    /// <summary>The shape of <c>hidden</c> and <c>prefill</c>; whether they fit the calendar's questions is <see cref="CheckAgainst"/>.</summary>
    public static LinkQuestions Validate(IReadOnlyList<string?>? hidden, IReadOnlyDictionary<string, JsonElement>? prefill, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (hidden is not { Count: > 0 } && prefill is not { Count: > 0 })
        {
            // The one instance for "none", so a link without questions equals LinkOverrides.None.
            return None;
        }

        var ids = new List<string>();
        if (hidden is { Count: > QuestionRules.MaxQuestions })
        {
            errors.Add("hidden", $"At most {QuestionRules.MaxQuestions} question ids.");
        }
        else if (hidden is not null)
        {
            for (var i = 0; i < hidden.Count; i++)
            {
                if (!QuestionRules.IsValidId(hidden[i]))
                {
                    errors.Add($"hidden[{i}]", "Must be a question id.");
                }
                else if (ids.Contains(hidden[i]!))
                {
                    errors.Add($"hidden[{i}]", "Appears earlier in hidden.");
                }
                else
                {
                    ids.Add(hidden[i]!);
                }
            }
        }

        if (prefill is { Count: > QuestionRules.MaxQuestions })
        {
            errors.Add("prefill", $"At most {QuestionRules.MaxQuestions} values.");
            return new LinkQuestions(ids, new Dictionary<string, JsonElement>());
        }

        foreach (var id in (prefill?.Keys ?? []).Where(id => !QuestionRules.IsValidId(id)))
        {
            errors.Add("prefill", $"Keys must be question ids; '{(id.Length > QuestionRules.MaxIdLength ? id[..QuestionRules.MaxIdLength] + "…" : id)}' is not one.");
        }

        return new LinkQuestions(ids, prefill is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement>(prefill, StringComparer.Ordinal));
    }

    /// <summary>
    /// Adds errors unless every hidden and prefilled id is one of the calendar's questions, every prefill is a valid
    /// answer to its question, and every hidden required question has a prefill (the invitee could not answer it).
    /// </summary>
    public void CheckAgainst(IReadOnlyList<BookingQuestion> questions, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(errors);
        for (var i = 0; i < Hidden.Count; i++)
        {
            var question = questions.FirstOrDefault(q => q.Id == Hidden[i]);
            if (question is null)
            {
                errors.Add($"hidden[{i}]", "Is not a question of the calendar.");
            }
            else if (question.Required && !Prefill.ContainsKey(question.Id))
            {
                errors.Add($"hidden[{i}]", "A required question hidden from the invitee needs a prefill value.");
            }
        }

        foreach (var (id, value) in Prefill)
        {
            var field = $"prefill.{id}";
            if (questions.FirstOrDefault(q => q.Id == id) is not { } question)
            {
                errors.Add(field, "Is not a question of the calendar.");
                continue;
            }

            var report = new FieldErrors();
            if (AnswerValidator.Normalize(question, value, field, report) is null && report.IsEmpty)
            {
                report.Add(field, "Must be a value; leave the question out of prefill for none.");
            }

            report.CopyTo(errors);
        }
    }
}
