using OneTimeLinks.Core.BusyFeeds;
using OneTimeLinks.Core.Questions;

namespace OneTimeLinks.Core.Calendars;

/// <summary>The JSON body of <c>PUT /api/calendars/{calendarId}</c>, as the client sent it (unvalidated).</summary>
public sealed record CalendarRequest(
    string? Name,
    string? TimeZone,
    int? SlotMinutes,
    IReadOnlyDictionary<string, IReadOnlyList<TimeWindowRequest>?>? Availability,
    int? MinimumNoticeMinutes,
    int? HorizonDays,
    string? ContactMessage,
    int? BufferBeforeMinutes = null,
    int? BufferAfterMinutes = null,
    int? MaxBookingsPerDay = null,
    int? SlotIntervalMinutes = null,
    int? ChangeNoticeMinutes = null,
    IReadOnlyList<int>? DurationOptions = null)
{
    /// <summary>Optional default language of the booking pages, such as "de".</summary>
    public string? Language { get; init; }

    /// <summary>Bookings wait for the owner's confirmation (issue 23).</summary>
    public bool? RequiresConfirmation { get; init; }

    /// <summary>Hours a request waits for the owner before it is declined (1-168, default 24).</summary>
    public int? ConfirmationDeadlineHours { get; init; }

    /// <summary>The calendar's iCalendar feeds of busy time, replacing its feeds; left out, they stay as they are.</summary>
    public IReadOnlyList<BusyFeedRequest?>? BusyFeeds { get; init; }

    /// <summary>The questions the booking page asks (issue 23); left out or empty, it asks none.</summary>
    public IReadOnlyList<BookingQuestionRequest?>? Questions { get; init; }
}

/// <summary>A window as sent: <c>"HH:mm"</c> strings in the calendar's time zone.</summary>
public sealed record TimeWindowRequest(string? Start, string? End);
