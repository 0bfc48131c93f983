namespace OneTimeLinks.Core.Calendars;

/// <summary>
/// Wall-clock arithmetic in a calendar's zone, in one place so slots, day limits and pages agree on what a local date
/// and a local time mean across daylight-saving and standard-offset changes.
/// </summary>
internal static class ZoneTime
{
    public static DateOnly LocalDate(TimeZoneInfo zone, DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>
    /// The instants whose local date is <paramref name="date"/>: from its first moment to the next date's first moment.
    /// A midnight that falls into a gap (zones that change their clocks at 00:00) starts the day at the change.
    /// </summary>
    public static (DateTimeOffset Start, DateTimeOffset End) LocalDay(TimeZoneInfo zone, DateOnly date) =>
        (StartOfDay(zone, date), StartOfDay(zone, date.AddDays(1)));

    /// <summary>
    /// Maps a wall-clock time to its earliest instant, or fails inside a gap. Probing the offsets in force a day
    /// either side covers every kind of transition (DST or a change of standard offset) without relying on
    /// <see cref="TimeZoneInfo.IsAmbiguousTime(DateTime)"/>, which only understands daylight rules.
    /// </summary>
    public static bool TryResolveFirstOccurrence(TimeZoneInfo zone, DateTime local, out DateTimeOffset instant)
    {
        var (larger, smaller) = NeighbouringOffsets(zone, local);
        foreach (var candidate in (ReadOnlySpan<TimeSpan>)[larger, smaller])
        {
            var candidateInstant = new DateTimeOffset(local, candidate);
            if (zone.GetUtcOffset(candidateInstant) == candidate)
            {
                instant = candidateInstant;
                return true;
            }
        }

        instant = default;
        return false;
    }

    private static DateTimeOffset StartOfDay(TimeZoneInfo zone, DateOnly date)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        if (TryResolveFirstOccurrence(zone, midnight, out var instant))
        {
            return instant;
        }

        // Inside a gap the clock jumps forward, so the offset grows: read with the smaller one (the offset before the
        // jump), midnight lands exactly on the change, which is the first instant of the new date.
        var (_, smaller) = NeighbouringOffsets(zone, midnight);
        return new DateTimeOffset(midnight, smaller);
    }

    /// <summary>The offsets in force a day before and a day after a wall-clock time, larger first.</summary>
    private static (TimeSpan Larger, TimeSpan Smaller) NeighbouringOffsets(TimeZoneInfo zone, DateTime local)
    {
        var localAsUtc = new DateTimeOffset(local.Ticks, TimeSpan.Zero);
        var before = zone.GetUtcOffset(localAsUtc.AddDays(-1));
        var after = zone.GetUtcOffset(localAsUtc.AddDays(1));
        return before >= after ? (before, after) : (after, before);
    }
}
