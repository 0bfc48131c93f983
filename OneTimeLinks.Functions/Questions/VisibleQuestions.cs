using System.Text.Json;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Questions;

namespace OneTimeLinks.Functions.Questions;

/// <summary>
/// The questions an invitee is asked through one link, in one language: the calendar's questions less the ones the
/// link hides, labels in <c>language</c> (English where a label lacks it), each with the link's prefill if it has one.
/// One home for the booking page and the JSON open answer, so both ask the same.
/// </summary>
internal sealed record VisibleQuestion(
    string Id,
    string Type,
    bool Required,
    string Label,
    IReadOnlyList<VisibleOption>? Options,
    int? MaxLength,
    JsonElement? Prefill)
{
    public static IReadOnlyList<VisibleQuestion> For(BookableCalendar calendar, Link link, string language)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(link);
        var linkQuestions = link.Overrides.Questions;
        return [.. calendar.Questions
            .Where(q => !linkQuestions.Hidden.Contains(q.Id))
            .Select(q => new VisibleQuestion(
                q.Id,
                q.Type.ToWireName(),
                q.Required,
                q.LabelIn(language),
                q.HasOptions ? [.. q.Options.Select(o => new VisibleOption(o.Id, o.LabelIn(language)))] : null,
                q.AnswerMaxLength,
                linkQuestions.Prefill.TryGetValue(q.Id, out var prefill) ? prefill : null))];
    }
}

internal sealed record VisibleOption(string Id, string Label);
