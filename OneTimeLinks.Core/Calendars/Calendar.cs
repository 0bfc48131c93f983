namespace OneTimeLinks.Core.Calendars;

/// <summary>A bookable calendar: weekly availability in one IANA time zone, cut into fixed-length slots.</summary>
public sealed record Calendar(
    string Id,
    string Name,
    string TimeZone,
    int SlotMinutes,
    WeeklyAvailability Availability,
    int MinimumNoticeMinutes,
    int HorizonDays,
    string? ContactMessage,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The pages' language when the invitee's browser asks for none the pages speak (see <see cref="Languages"/>).</summary>
    public string? Language { get; init; }
}

/// <summary>A window of local wall-clock time within one day; <see cref="End"/> is exclusive.</summary>
public sealed record TimeWindow(TimeOnly Start, TimeOnly End);

/// <summary>Availability windows per weekday, sorted and non-overlapping once validated.</summary>
public sealed record WeeklyAvailability(IReadOnlyDictionary<DayOfWeek, IReadOnlyList<TimeWindow>> Days)
{
    public static WeeklyAvailability Empty { get; } = new(new Dictionary<DayOfWeek, IReadOnlyList<TimeWindow>>());

    public IReadOnlyList<TimeWindow> For(DayOfWeek day) => Days.TryGetValue(day, out var windows) ? windows : [];
}

/// <summary>One bookable slot; offsets are those of the calendar's time zone at that instant.</summary>
public sealed record Slot(DateTimeOffset Start, DateTimeOffset End);
