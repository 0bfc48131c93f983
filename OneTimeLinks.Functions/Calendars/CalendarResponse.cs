using CultureInfo = System.Globalization.CultureInfo;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Functions.BusyFeeds;

namespace OneTimeLinks.Functions.Calendars;

/// <summary>
/// The calendar as the API returns it: the same shape the PUT body takes, plus its id and update time. Optional rules
/// the client left out come back as their defaults, except the slot interval, which stays null while it follows the
/// slot length.
/// </summary>
internal sealed record CalendarResponse(
    string CalendarId,
    string Name,
    string TimeZone,
    int SlotMinutes,
    IReadOnlyDictionary<string, IReadOnlyList<TimeWindowResponse>> Availability,
    int MinimumNoticeMinutes,
    int HorizonDays,
    string? ContactMessage,
    string? Language,
    int BufferBeforeMinutes,
    int BufferAfterMinutes,
    int? MaxBookingsPerDay,
    int? SlotIntervalMinutes,
    int ChangeNoticeMinutes,
    DateTimeOffset UpdatedAt,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<int>? DurationOptions)
{
    /// <summary>Bookings are requests the owner confirms or declines (issue 23).</summary>
    public bool RequiresConfirmation { get; init; }

    public int ConfirmationDeadlineHours { get; init; }

    /// <summary>
    /// The calendar's iCalendar feeds of busy time (empty when it has none); left out of a PUT's answer when the PUT left
    /// them as they were, so saving a calendar costs no extra read.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<BusyFeedResponse>? BusyFeeds { get; init; }

    /// <summary>The questions the booking page asks (issue 23); empty for none.</summary>
    public IReadOnlyList<OneTimeLinks.Functions.Questions.QuestionResponse> Questions { get; init; } = [];

    public static CalendarResponse From(BookableCalendar calendar) => new(
        calendar.Id,
        calendar.Name,
        calendar.TimeZone,
        calendar.SlotMinutes,
        Enum.GetValues<DayOfWeek>()
            .Where(day => calendar.Availability.For(day).Count > 0)
            .ToDictionary(
                day => day.ToString().ToLowerInvariant(),
                day => (IReadOnlyList<TimeWindowResponse>)calendar.Availability.For(day).Select(TimeWindowResponse.From).ToList()),
        calendar.MinimumNoticeMinutes,
        calendar.HorizonDays,
        calendar.ContactMessage,
        calendar.Language,
        calendar.BufferBeforeMinutes,
        calendar.BufferAfterMinutes,
        calendar.MaxBookingsPerDay,
        calendar.SlotIntervalMinutes,
        calendar.ChangeNoticeMinutes,
        calendar.UpdatedAt,
        calendar.DurationOptions.Count == 0 ? null : calendar.DurationOptions)
    {
        RequiresConfirmation = calendar.RequiresConfirmation,
        ConfirmationDeadlineHours = calendar.ConfirmationDeadlineHours,
        Questions = [.. calendar.Questions.Select(OneTimeLinks.Functions.Questions.QuestionResponse.From)],
    };
}

internal sealed record TimeWindowResponse(string Start, string End)
{
    public static TimeWindowResponse From(TimeWindow window) => new(
        window.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
        HoursAndMinutes(window.EndSinceMidnight()));

    // The form the PUT body takes: "24:00" for the end of the day.
    private static string HoursAndMinutes(TimeSpan sinceMidnight) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)sinceMidnight.TotalHours:00}:{sinceMidnight.Minutes:00}");
}
