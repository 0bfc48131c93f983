using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Bookings;

/// <summary>
/// What one anonymous open may cost: the free slots of at most <see cref="MaxDays"/> days and at most
/// <see cref="MaxSlots"/> of them (a 24/7 calendar with 5-minute slots and a year's horizon would otherwise compute
/// and send some 100,000 slots per open). A later page starts at <c>from</c>; <see cref="Page"/> names it.
/// </summary>
internal static class SlotWindow
{
    public const int MaxDays = 31;
    public const int MaxSlots = 500;

    /// <summary>The instants whose slot starts one open computes: from the notice (or the later <paramref name="requested"/>) to at most <see cref="MaxDays"/> on, within the horizon.</summary>
    public static (DateTimeOffset From, DateTimeOffset To, DateTimeOffset Horizon) For(BookableCalendar calendar, DateTimeOffset now, DateTimeOffset? requested)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var earliest = now.AddMinutes(calendar.MinimumNoticeMinutes);
        var horizon = now.AddDays(calendar.HorizonDays);
        var from = requested is { } asked && asked > earliest ? asked : earliest;
        var to = from.AddDays(MaxDays) < horizon ? from.AddDays(MaxDays) : horizon;
        return (from, to, horizon);
    }

    /// <summary>
    /// One page of the free slots among <paramref name="candidates"/> (the slot starts of one window, up to
    /// <paramref name="to"/>), checked against one agenda read; no read at all when there are no candidates. The
    /// booking being <paramref name="moved"/>, if any, neither blocks its own new time nor is offered its current one.
    /// </summary>
    internal static async Task<(IReadOnlyList<Slot> Slots, DateTimeOffset? Next)> FreePageAsync(
        ICalendarStore calendars,
        BookableCalendar rules,
        IReadOnlyList<Slot> candidates,
        DateTimeOffset to,
        DateTimeOffset horizon,
        Booking? moved,
        CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            return ([], to < horizon ? to : null);
        }

        var agenda = await calendars.GetAgendaAsync(rules.Id, [AvailabilityRules.DatesAround(candidates)], cancellationToken);
        var free = AvailabilityRules.FreeSlots(rules, agenda, candidates, ignoreBookingId: moved?.BookingId);
        return Page(moved is null ? free : [.. free.Where(slot => slot.Start != moved.Start)], to, horizon);
    }

    /// <summary>The slots one answer carries, and where the next page starts (null when the horizon is reached).</summary>
    public static (IReadOnlyList<Slot> Slots, DateTimeOffset? Next) Page(IReadOnlyList<Slot> free, DateTimeOffset to, DateTimeOffset horizon)
    {
        ArgumentNullException.ThrowIfNull(free);
        if (free.Count > MaxSlots)
        {
            return ([.. free.Take(MaxSlots)], free[MaxSlots].Start);
        }

        return (free, to < horizon ? to : null);
    }
}
