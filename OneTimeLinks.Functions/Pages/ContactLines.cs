using OneTimeLinks.Functions.Pages.Resources;
using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// What a page says about whom to contact: the calendar's contact message as the owner wrote it (one paragraph per
/// line, never translated), or, without one, a sentence naming the calendar in the page's language.
/// </summary>
public static class ContactLines
{
    public static IEnumerable<string> Of(BookableCalendar calendar, PageText text)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(text);
        return string.IsNullOrWhiteSpace(calendar.ContactMessage)
            ? [text["Common.ContactFallback", calendar.Name]]
            : calendar.ContactMessage.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
    }
}
