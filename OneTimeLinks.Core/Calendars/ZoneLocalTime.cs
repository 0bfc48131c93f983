namespace OneTimeLinks.Core.Calendars;

/// <summary>The host's way from a wall-clock date and time in a zone to an instant, for forms that ask for local times.</summary>
public static class ZoneLocalTime
{
    /// <summary>
    /// The instant of <paramref name="date"/> at <paramref name="time"/> in <paramref name="zone"/>: an ambiguous time
    /// (clocks going back) is its earliest occurrence, as slots read it; a time inside a gap (clocks going forward) does
    /// not exist and fails.
    /// </summary>
    public static bool TryToInstant(TimeZoneInfo zone, DateOnly date, TimeOnly time, out DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return ZoneTime.TryResolveFirstOccurrence(zone, date.ToDateTime(time), out instant);
    }
}
