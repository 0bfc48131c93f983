using System.Text.Json;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Functions.Pages.Resources;

namespace OneTimeLinks.Functions.Questions;

/// <summary>
/// The invitee's answers as the manage page shows them back: each question's label and answer in the page's language
/// (option labels, yes or no), in the calendar's order. Answers the link prefilled for questions it hid are the CRM's
/// and never shown; an answer to a question the calendar no longer asks has no label to show and is left out.
/// </summary>
internal static class AnswerLines
{
    public static IReadOnlyList<(string Label, string Answer)> For(BookableCalendar calendar, Booking booking, string language, PageText text)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(booking);
        ArgumentNullException.ThrowIfNull(text);
        if (booking.Answers is not { Count: > 0 } answers)
        {
            return [];
        }

        var lines = new List<(string, string)>();
        foreach (var question in calendar.Questions)
        {
            if (booking.HiddenAnswerIds.Contains(question.Id) || !answers.TryGetValue(question.Id, out var value))
            {
                continue;
            }

            string OptionLabel(string id) => question.Options.FirstOrDefault(o => o.Id == id)?.LabelIn(language) ?? id;
            var shown = value.ValueKind switch
            {
                JsonValueKind.True => text["Questions.Yes"],
                JsonValueKind.False => text["Questions.No"],
                JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(v => OptionLabel(v.GetString() ?? ""))),
                JsonValueKind.String when question.HasOptions => OptionLabel(value.GetString() ?? ""),
                JsonValueKind.String => value.GetString() ?? "",
                _ => value.GetRawText(),
            };
            lines.Add((question.LabelIn(language), shown));
        }

        return lines;
    }
}
