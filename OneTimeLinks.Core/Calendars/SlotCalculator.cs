using System.Collections.Concurrent;

namespace OneTimeLinks.Core.Calendars;

/// <summary>
/// Cuts a calendar's weekly wall-clock availability into bookable instants.
/// </summary>
/// <remarks>
/// <para>
/// Each local date in the calendar's zone gets slots at window.Start, window.Start + step, … (the step is
/// <see cref="BookableCalendar.SlotStepMinutes"/>) as long as start + slot length fits within the window on the wall clock
/// (<see cref="TimeWindow.EndSinceMidnight"/>, so a window may run to 24:00).
/// </para>
/// <para>
/// Daylight-saving rules, chosen so that every slot lasts exactly SlotMinutes and no two slots overlap:
/// a start that does not exist on the wall clock (spring-forward gap) is skipped; a start that exists twice
/// (fall-back) uses its first occurrence only, so it is offered once; a slot with an offset change strictly inside
/// it is skipped, because its wall-clock length and its real length would disagree. A slot that ends exactly at
/// the change is kept: that is what lets the first occurrence of a repeated hour (02:00+02:00 to 02:00+01:00 in
/// Berlin) be booked.
/// </para>
/// </remarks>
internal static class SlotCalculator
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    /// <summary>Slots starting in [<paramref name="from"/>, <paramref name="to"/>), ascending, without notice or horizon applied.</summary>
    public static IReadOnlyList<Slot> GetSlots(BookableCalendar calendar, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var length = SlotLength(calendar);
        var step = TimeSpan.FromMinutes(calendar.SlotStepMinutes);
        if (to <= from)
        {
            return [];
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZone);

        // A slot's local date is the date it was generated for, but local dates are not monotonic in instants
        // (a fall-back across midnight revisits the previous date), so one extra date on each side is scanned and
        // the instants are filtered exactly.
        var firstDate = ZoneTime.LocalDate(zone, from).AddDays(-1);
        var lastDate = ZoneTime.LocalDate(zone, to).AddDays(1);

        var slots = new List<Slot>();
        var ascending = true;
        var weekdayKeys = new string?[7];
        for (var date = firstDate; date <= lastDate; date = date.AddDays(1))
        {
            foreach (var slot in DaySlots.Get(calendar, zone, date, length, step, weekdayKeys))
            {
                if (slot.Start >= from && slot.Start < to)
                {
                    ascending &= slots.Count == 0 || slots[^1].Start < slot.Start;
                    slots.Add(slot);
                }
            }
        }

        // Validated calendars come out in order already; this only guards calendars built by other means.
        if (!ascending)
        {
            slots.Sort((a, b) => a.Start.CompareTo(b.Start));
            RemoveDuplicateStarts(slots);
        }

        return slots;
    }

    /// <summary>
    /// Whether <paramref name="start"/> is the exact start of a slot that is bookable at <paramref name="now"/>:
    /// at least the minimum notice ahead and inside the horizon. Only the local date of <paramref name="start"/> is examined.
    /// </summary>
    public static bool IsOffered(BookableCalendar calendar, DateTimeOffset start, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(calendar);

        // The same bounds the service passes to GetSlots: [now + notice, now + horizon).
        return start >= now.AddMinutes(calendar.MinimumNoticeMinutes)
            && start < now.AddDays(calendar.HorizonDays)
            && IsSlotStart(calendar, start);
    }

    /// <summary>
    /// Whether <paramref name="start"/> is the exact start of a slot of the weekly hours, whenever it lies: what the
    /// organiser's reschedule checks, since the owner may ignore notice and horizon.
    /// </summary>
    public static bool IsSlotStart(BookableCalendar calendar, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var length = SlotLength(calendar);
        var step = TimeSpan.FromMinutes(calendar.SlotStepMinutes);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZone);

        // A generated slot's start shows, in the zone, exactly the date and wall-clock time it was generated from,
        // so that is the only candidate. A second occurrence of a repeated time fails the instant comparison below.
        var local = TimeZoneInfo.ConvertTime(start, zone).DateTime;
        var date = DateOnly.FromDateTime(local);
        var wallStart = local.TimeOfDay;

        foreach (var window in calendar.Availability.For(date.DayOfWeek))
        {
            var offset = wallStart - window.Start.ToTimeSpan();
            if (offset < TimeSpan.Zero
                || offset.Ticks % step.Ticks != 0
                || wallStart + length > window.EndSinceMidnight())
            {
                continue;
            }

            if (TryCreateSlot(zone, date, wallStart, length, out var slot) && slot.Start == start)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The one place both public methods turn a wall-clock start into a slot, so they cannot disagree.</summary>
    private static bool TryCreateSlot(TimeZoneInfo zone, DateOnly date, TimeSpan wallStart, TimeSpan length, out Slot slot)
    {
        slot = null!;
        var local = date.ToDateTime(TimeOnly.MinValue) + wallStart;
        if (!ZoneTime.TryResolveFirstOccurrence(zone, local, out var start))
        {
            return false;
        }

        var endInstant = start + length;
        if (zone.GetUtcOffset(endInstant - OneTick) != start.Offset)
        {
            return false;
        }

        slot = new Slot(start, endInstant.ToOffset(zone.GetUtcOffset(endInstant)));
        return true;
    }

    private static TimeSpan SlotLength(BookableCalendar calendar)
    {
        // A non-positive length or step would never advance through a window.
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(calendar.SlotMinutes, nameof(calendar));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(calendar.SlotStepMinutes, nameof(calendar));
        return TimeSpan.FromMinutes(calendar.SlotMinutes);
    }

    /// <summary>Every slot generated for one local date, before the range filter: the same for every open of that date.</summary>
    private static List<Slot> SlotsOfDate(BookableCalendar calendar, TimeZoneInfo zone, DateOnly date, TimeSpan length, TimeSpan step)
    {
        var slots = new List<Slot>();
        foreach (var window in calendar.Availability.For(date.DayOfWeek))
        {
            var windowEnd = window.EndSinceMidnight();
            for (var wallStart = window.Start.ToTimeSpan(); wallStart + length <= windowEnd; wallStart += step)
            {
                if (TryCreateSlot(zone, date, wallStart, length, out var slot))
                {
                    slots.Add(slot);
                }
            }
        }

        return slots;
    }

    /// <summary>
    /// A date's slots depend only on the zone, the slot length and step and that weekday's windows, and every open
    /// computes a month of them, each through several time-zone rule lookups: kept once per such key and date. Slots
    /// are immutable, so the lists are shared. A pure function's memo, bounded: emptied when it holds
    /// <see cref="MaxDates"/> dates, which a working set of calendars and months stays far below.
    /// </summary>
    private static class DaySlots
    {
        private const int MaxDates = 20_000;
        private static readonly ConcurrentDictionary<(string Zone, TimeSpan Length, TimeSpan Step, string Windows, DateOnly Date), List<Slot>> Dates = new();

        /// <param name="weekdayKeys">The caller's per-call cache of each weekday's windows key, so a month of dates builds at most seven.</param>
        public static List<Slot> Get(BookableCalendar calendar, TimeZoneInfo zone, DateOnly date, TimeSpan length, TimeSpan step, string?[] weekdayKeys)
        {
            var windows = calendar.Availability.For(date.DayOfWeek);
            if (windows.Count == 0)
            {
                return [];
            }

            var windowsKey = weekdayKeys[(int)date.DayOfWeek] ??= WindowsKey(windows);
            var key = (zone.Id, length, step, windowsKey, date);
            if (Dates.TryGetValue(key, out var cached))
            {
                return cached;
            }

            if (Dates.Count >= MaxDates)
            {
                Dates.Clear();
            }

            // Computed outside a GetOrAdd lambda: capturing the parameters would allocate a closure on every hit.
            var slots = SlotsOfDate(calendar, zone, date, length, step);
            return Dates.GetOrAdd(key, slots);
        }

        private static string WindowsKey(IReadOnlyList<TimeWindow> windows) =>
            string.Join(',', windows.Select(w => $"{w.Start.Ticks}-{w.EndSinceMidnight().Ticks}"));
    }

    private static void RemoveDuplicateStarts(List<Slot> sortedSlots)
    {
        var kept = 0;
        for (var i = 0; i < sortedSlots.Count; i++)
        {
            if (kept == 0 || sortedSlots[kept - 1].Start != sortedSlots[i].Start)
            {
                sortedSlots[kept++] = sortedSlots[i];
            }
        }

        sortedSlots.RemoveRange(kept, sortedSlots.Count - kept);
    }
}
