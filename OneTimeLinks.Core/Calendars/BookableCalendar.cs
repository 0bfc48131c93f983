using OneTimeLinks.Core.Questions;

namespace OneTimeLinks.Core.Calendars;

/// <summary>
/// A bookable calendar: weekly availability in one IANA time zone, offered as appointments of <see cref="SlotMinutes"/>
/// starting every <see cref="SlotStepMinutes"/>, kept apart from other bookings and busy times by the buffers.
/// </summary>
public sealed record BookableCalendar(
    string Id,
    string Name,
    string TimeZone,
    int SlotMinutes,
    WeeklyAvailability Availability,
    int MinimumNoticeMinutes,
    int HorizonDays,
    string? ContactMessage,
    DateTimeOffset UpdatedAt,
    int BufferBeforeMinutes = 0,
    int BufferAfterMinutes = 0,
    int? MaxBookingsPerDay = null,
    int? SlotIntervalMinutes = null,
    int ChangeNoticeMinutes = 0)
{
    /// <summary>The step between offered starts: the interval when one is set, else the appointment length.</summary>
    public int SlotStepMinutes => SlotIntervalMinutes ?? SlotMinutes;

    /// <summary>
    /// The same calendar offering appointments of <paramref name="minutes"/> on its own grid: the step stays what it
    /// was, so another length never moves the offered starts (a link's duration, a booking moved at its own length).
    /// </summary>
    public BookableCalendar WithSlotLength(int minutes) => this with { SlotMinutes = minutes, SlotIntervalMinutes = SlotStepMinutes };

    /// <summary>The pages' language when the invitee's browser asks for none the pages speak (see <see cref="Languages"/>).</summary>
    public string? Language { get; init; }

    /// <summary>Appointment lengths a link may offer (up to four); empty means <see cref="SlotMinutes"/> only.</summary>
    public IReadOnlyList<int> DurationOptions { get; init; } = [];

    /// <summary>The lengths links of this calendar may offer, the calendar's own default first when it is among them.</summary>
    public IReadOnlyList<int> AllowedDurations =>
        DurationOptions.Count == 0 ? [SlotMinutes] : [.. DurationOptions.OrderBy(d => d == SlotMinutes ? 0 : 1).ThenBy(d => d)];

    /// <summary>Bookings are requests, pending until the owner confirms or declines them (issue 23).</summary>
    public bool RequiresConfirmation { get; init; }

    /// <summary>How long a request waits for the owner before the sweep declines it.</summary>
    public int ConfirmationDeadlineHours { get; init; } = CalendarValidator.DefaultConfirmationDeadlineHours;

    /// <summary>The questions the invitee answers when booking, in the order the page asks them.</summary>
    public IReadOnlyList<BookingQuestion> Questions { get; init; } = [];
}

/// <summary>
/// A window of local wall-clock time within one day; <see cref="End"/> is exclusive. An end of 24:00, the end of the
/// day, is stored as 00:00: <see cref="TimeOnly"/> cannot hold 24:00, and 00:00 can never otherwise end a window
/// because an end must come after its start.
/// </summary>
public sealed record TimeWindow(TimeOnly Start, TimeOnly End)
{
    public const int MinutesPerDay = 24 * 60;

    /// <summary>A window from minutes since midnight; an end of <see cref="MinutesPerDay"/> is 24:00.</summary>
    public static TimeWindow FromMinutes(int start, int end) => new(ToTime(start), ToTime(end));

    /// <summary>How long after midnight the window ends: a whole day for 24:00.</summary>
    public TimeSpan EndSinceMidnight() => End == TimeOnly.MinValue ? TimeSpan.FromDays(1) : End.ToTimeSpan();

    private static TimeOnly ToTime(int minutes) =>
        minutes == MinutesPerDay ? TimeOnly.MinValue : new TimeOnly(minutes / 60, minutes % 60);
}

/// <summary>Availability windows per weekday, sorted and non-overlapping once validated.</summary>
public sealed record WeeklyAvailability(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<TimeWindow>> Days)
{
    public IReadOnlyList<TimeWindow> For(DayOfWeek day) => Days.TryGetValue(day, out var windows) ? windows : [];
}

/// <summary>One bookable slot; offsets are those of the calendar's time zone at that instant.</summary>
public sealed record Slot(DateTimeOffset Start, DateTimeOffset End);
