using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// A time zone the page shows times in, and the culture it writes them in; <see cref="Explicit"/> when the invitee
/// chose the zone (query or form). Assets/booking.js writes days and times again for a zone picked in the browser
/// (dayKey, dayTitle, TIME); Browser/DayGroupingBrowserTests keeps the two alike.
/// </summary>
public sealed record DisplayZone(string Id, TimeZoneInfo Zone, bool Explicit, CultureInfo Culture)
{
    public DateTimeOffset Convert(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public string Day(DateTimeOffset instant) => Convert(instant).ToString(Culture.DateTimeFormat.LongDatePattern, Culture);

    public string Time(DateTimeOffset instant) => Convert(instant).ToString(Culture.DateTimeFormat.ShortTimePattern, Culture);

    public string DayAndTime(DateTimeOffset instant) => $"{Day(instant)}, {Time(instant)}";

    public string Range(DateTimeOffset start, DateTimeOffset end) => $"{Day(start)}, {Time(start)}\u2013{Time(end)}";

    /// <summary>The calendar day of an instant in this zone: how the slots are grouped.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(Convert(instant).DateTime);
}

/// <summary>
/// The zones the invitee can pick from: the calendar's own, the one their browser reports, and a list that covers
/// most people. Any exact IANA id is accepted from a request (the browser may report one not on the list); anything
/// else falls back to the calendar's zone, which is what a browser without script shows.
/// </summary>
internal static class TimeZoneChoices
{
    private const int MaxIdLength = 64;

    private static readonly string[] Candidates =
    [
        "UTC",
        "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Vancouver", "America/Phoenix", "America/Denver",
        "America/Chicago", "America/Mexico_City", "America/New_York", "America/Toronto", "America/Bogota", "America/Lima",
        "America/Halifax", "America/Santiago", "America/Sao_Paulo", "America/Argentina/Buenos_Aires", "America/St_Johns",
        "Atlantic/Reykjavik", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Africa/Lagos", "Europe/Paris", "Europe/Berlin",
        "Europe/Amsterdam", "Europe/Brussels", "Europe/Madrid", "Europe/Rome", "Europe/Vienna", "Europe/Zurich", "Europe/Stockholm",
        "Europe/Oslo", "Europe/Copenhagen", "Europe/Warsaw", "Europe/Prague", "Europe/Budapest", "Africa/Johannesburg",
        "Africa/Cairo", "Europe/Athens", "Europe/Bucharest", "Europe/Helsinki", "Europe/Kyiv", "Europe/Istanbul", "Africa/Nairobi",
        "Europe/Moscow", "Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Jakarta",
        "Asia/Singapore", "Asia/Hong_Kong", "Asia/Shanghai", "Australia/Perth", "Asia/Tokyo", "Asia/Seoul", "Australia/Adelaide",
        "Australia/Brisbane", "Australia/Sydney", "Pacific/Auckland",
    ];

    /// <summary>The list, as far as this machine's time zone data knows each id.</summary>
    public static IReadOnlyList<string> Common { get; } = [.. Candidates.Where(id => TryFind(id, out _))];

    /// <summary>The zone to show: the requested one if it is an exact IANA id, else the calendar's.</summary>
    public static DisplayZone Choose(string? requested, string calendarZone, CultureInfo culture)
    {
        if (TryFind(requested, out var zone))
        {
            return new DisplayZone(requested!, zone, Explicit: true, culture);
        }

        return new DisplayZone(calendarZone, TimeZoneInfo.FindSystemTimeZoneById(calendarZone), Explicit: false, culture);
    }

    /// <summary>The options for the select: the calendar's zone first, then the shown one, then the common list.</summary>
    public static IReadOnlyList<string> OptionsFor(string calendarZone, string shownZone) =>
        [.. new[] { calendarZone, shownZone }.Concat(Common).Distinct(StringComparer.Ordinal)];

    public static string Label(string id) => id.Replace('_', ' ');

    /// <summary>
    /// The calendars' rule (<see cref="CalendarValidator.TryFindTimeZone"/>), after a cheap look at the request's text:
    /// the id comes from any visitor and is not worth a zone lookup unless it could be one.
    /// </summary>
    private static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        return !string.IsNullOrEmpty(id)
            && id.Length <= MaxIdLength
            && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+')
            && CalendarValidator.TryFindTimeZone(id, out zone);
    }
}
