using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Core.Bookings;

/// <summary>
/// What one link offers of its calendar: the calendar narrowed by the link's overrides. The result is the calendar the
/// invitee sees and books (its <see cref="BookableCalendar.SlotMinutes"/> the chosen duration, its name the link's title), with
/// the same hours, step, buffers, notice and horizon, so a link can never widen them; the window narrows further.
/// </summary>
internal sealed record LinkOffer(BookableCalendar Calendar, IReadOnlyList<int> Durations, DateTimeOffset? WindowFrom, DateTimeOffset? WindowTo)
{
    /// <summary>The lengths this link offers now: its own among the calendar's current ones, else all of the calendar's.</summary>
    public static IReadOnlyList<int> DurationsFor(BookableCalendar calendar, Link link)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(link);
        var allowed = calendar.AllowedDurations;
        if (link.Overrides.DurationMinutes.Count == 0)
        {
            return allowed;
        }

        // The calendar may have dropped a length since the link was generated: a link never offers more than it allows.
        IReadOnlyList<int> both = [.. allowed.Intersect(link.Overrides.DurationMinutes)];
        return both.Count > 0 ? both : [];
    }

    /// <summary>The offer for <paramref name="durationMinutes"/> (null: the first the link offers), or null when not offered.</summary>
    public static LinkOffer? For(BookableCalendar calendar, Link link, int? durationMinutes)
    {
        var durations = DurationsFor(calendar, link);
        var duration = durationMinutes ?? (durations.Count > 0 ? durations[0] : (int?)null);
        if (duration is not { } length || !durations.Contains(length))
        {
            return null;
        }

        var narrowed = calendar.WithSlotLength(length) with { Name = link.Overrides.Title ?? calendar.Name };
        return new LinkOffer(narrowed, durations, link.Overrides.WindowFrom, link.Overrides.WindowTo);
    }

    /// <summary>The offered slots starting in [<paramref name="from"/>, <paramref name="until"/>) of the narrowed calendar, inside the link's window.</summary>
    public IReadOnlyList<Slot> Candidates(DateTimeOffset from, DateTimeOffset until)
    {
        if (WindowFrom is { } windowFrom && windowFrom > from)
        {
            from = windowFrom;
        }

        if (WindowTo is { } windowTo && windowTo < until)
        {
            until = windowTo;
        }

        var slots = SlotCalculator.GetSlots(Calendar, from, until);
        return WindowTo is { } end ? [.. slots.Where(s => s.End <= end)] : slots;
    }

    /// <summary>Whether <paramref name="start"/> is an offered start at <paramref name="now"/>.</summary>
    public bool IsOffered(DateTimeOffset start, DateTimeOffset now) =>
        SlotCalculator.IsOffered(Calendar, start, now)
        && (WindowFrom is not { } from || start >= from)
        && (WindowTo is not { } to || start.AddMinutes(Calendar.SlotMinutes) <= to);
}
