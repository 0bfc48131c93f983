using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Core.Availability;

public enum TimeCheck
{
    Free,

    /// <summary>The appointment or its buffers overlap a booking or a busy interval.</summary>
    Overlaps,

    /// <summary>The appointment's local day already holds the calendar's maximum number of bookings.</summary>
    DayFull,
}

/// <summary>
/// The one home of "is this time free": buffers, busy intervals, other bookings and the day limit, decided on time
/// intervals (never on equal start times), so later changes of the slot length, the step or the buffers can never
/// let a new booking overlap an existing one.
/// </summary>
/// <remarks>
/// Buffers belong to the bookings made here. A new appointment widened by the calendar's buffers must not overlap a
/// busy interval or another booking, and the new appointment itself must not fall into another booking's buffers.
/// Busy intervals come from the CRM as they are and get no buffers of their own. Two bookings' buffers may share time.
/// </remarks>
internal static class AvailabilityRules
{
    public const int MaxBufferMinutes = 240;

    /// <summary>How many claims (bookings and busy intervals) may touch one UTC date: what one table row can hold.</summary>
    public const int MaxEntriesPerDate = 500;

    // Wider than any appointment (8 h) plus buffers (4 h) and than the local day around a start in any zone (offsets
    // from -12 h to +14 h), so it can be read before the calendar is known, in the same round trip as the link.
    private static readonly TimeSpan ReadReach = TimeSpan.FromDays(2);

    /// <summary>The UTC dates to read for a booking starting at <paramref name="start"/>, whatever the calendar's rules.</summary>
    public static DateRange DatesAround(DateTimeOffset start) => DateRange.Of(start - ReadReach, start + ReadReach);

    /// <summary>The UTC dates to read for a list of candidate slots (ascending): their buffers and local days reach past them.</summary>
    public static DateRange DatesAround(IReadOnlyList<Slot> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return new(DatesAround(candidates[0].Start).First, DatesAround(candidates[^1].Start).Last);
    }

    /// <summary>
    /// The UTC dates a booking of [<paramref name="start"/>, <paramref name="end"/>) must write, so that every other
    /// writer whose decision depends on it (an overlapping or buffered appointment, a busy interval, another booking of
    /// the same local day) writes one of the same rows and cannot commit unseen.
    /// </summary>
    public static IReadOnlyCollection<DateOnly> DatesToClaim(BookableCalendar calendar, DateTimeOffset start, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var reach = TimeSpan.FromMinutes(Math.Max(calendar.BufferBeforeMinutes, calendar.BufferAfterMinutes));
        var dates = new SortedSet<DateOnly>(Agenda.DatesOf(start - reach, end + reach));
        if (calendar.MaxBookingsPerDay is not null)
        {
            var (dayStart, dayEnd) = LocalDayOf(calendar, start);
            dates.UnionWith(Agenda.DatesOf(dayStart, dayEnd));
        }

        return dates;
    }

    /// <summary>Whether [<paramref name="start"/>, <paramref name="end"/>) can be booked, ignoring one booking (the one being moved).</summary>
    public static TimeCheck Check(BookableCalendar calendar, Agenda agenda, DateTimeOffset start, DateTimeOffset end, string? ignoreBookingId = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(agenda);
        var entries = Without(agenda.Entries, ignoreBookingId);
        if (Blocked(calendar, entries).Any(blocked => blocked.Start < end && start < blocked.End))
        {
            return TimeCheck.Overlaps;
        }

        if (calendar.MaxBookingsPerDay is { } max)
        {
            var (dayStart, dayEnd) = LocalDayOf(calendar, start);
            if (entries.Count(e => e.Kind == AgendaEntryKind.Booking && e.Start >= dayStart && e.Start < dayEnd) >= max)
            {
                return TimeCheck.DayFull;
            }
        }

        return TimeCheck.Free;
    }

    /// <summary>The candidates (ascending, as <see cref="SlotCalculator"/> makes them) that <see cref="Check"/> would find free.</summary>
    public static IReadOnlyList<Slot> FreeSlots(
        BookableCalendar calendar, Agenda agenda, IReadOnlyList<Slot> candidates, string? ignoreBookingId = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(agenda);
        ArgumentNullException.ThrowIfNull(candidates);
        var entries = Without(agenda.Entries, ignoreBookingId);
        var blocked = Merge(Blocked(calendar, entries));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZone);
        var fullDays = calendar.MaxBookingsPerDay is { } max
            ? entries.Where(entry => entry.Kind == AgendaEntryKind.Booking)
                .GroupBy(booking => ZoneTime.LocalDate(zone, booking.Start))
                .Where(day => day.Count() >= max)
                .Select(day => day.Key)
                .ToHashSet()
            : [];

        // Candidates and merged blocks are both ascending, so one pass finds every overlap.
        var free = new List<Slot>(candidates.Count);
        var next = 0;
        foreach (var slot in candidates)
        {
            while (next < blocked.Count && blocked[next].End <= slot.Start)
            {
                next++;
            }

            var overlaps = next < blocked.Count && blocked[next].Start < slot.End;
            if (!overlaps && (fullDays.Count == 0 || !fullDays.Contains(ZoneTime.LocalDate(zone, slot.Start))))
            {
                free.Add(slot);
            }
        }

        return free;
    }

    /// <summary>The instants of the calendar-local day that <paramref name="instant"/> falls on.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) LocalDayOf(BookableCalendar calendar, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZone);
        return ZoneTime.LocalDay(zone, ZoneTime.LocalDate(zone, instant));
    }

    private static List<AgendaEntry> Without(IReadOnlyList<AgendaEntry> entries, string? ignoreBookingId) =>
        ignoreBookingId is null
            ? [.. entries]
            : [.. entries.Where(e => e.Kind != AgendaEntryKind.Booking || e.Key != ignoreBookingId)];

    /// <summary>
    /// Where an appointment may not lie. "The appointment widened by the buffers overlaps [s, e)" is the same as "the
    /// appointment overlaps [s - after, e + before)"; for a booking, whose own buffers also keep the new appointment
    /// out, the union of both readings is [s - max, e + max).
    /// </summary>
    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Blocked(BookableCalendar calendar, IEnumerable<AgendaEntry> entries)
    {
        var before = TimeSpan.FromMinutes(calendar.BufferBeforeMinutes);
        var after = TimeSpan.FromMinutes(calendar.BufferAfterMinutes);
        var both = before > after ? before : after;
        foreach (var entry in entries)
        {
            yield return entry.Kind == AgendaEntryKind.Booking
                ? (entry.Start - both, entry.End + both)
                : (entry.Start - after, entry.End + before);
        }
    }

    private static List<(DateTimeOffset Start, DateTimeOffset End)> Merge(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> intervals)
    {
        var merged = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var interval in intervals.OrderBy(i => i.Start))
        {
            if (merged.Count > 0 && interval.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, interval.End > merged[^1].End ? interval.End : merged[^1].End);
            }
            else
            {
                merged.Add(interval);
            }
        }

        return merged;
    }
}
