using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Availability;

/// <summary>
/// What a calendar's time is claimed by, for the UTC dates that were read. Rows are kept per UTC date so the layout
/// never depends on the calendar's zone, which the owner may change.
/// </summary>
/// <remarks>
/// Every write that claims or frees time rewrites the rows of the dates it reads, each conditional on the version
/// read (or created when it had none). Two writers whose decisions could affect each other read overlapping dates,
/// so one of them fails its transaction and decides again from a fresh read: that is what makes overlap impossible
/// without a read-then-write window.
/// </remarks>
internal sealed class Agenda
{
    private readonly Dictionary<DateOnly, AgendaDaySnapshot> _days;
    private readonly IReadOnlyList<DateRange> _read;

    /// <param name="read">The date ranges that were read; a date in them without a row has no claims.</param>
    /// <param name="days">The rows found in those ranges, with their versions.</param>
    public Agenda(IEnumerable<DateRange> read, IEnumerable<AgendaDaySnapshot> days)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(days);
        _read = [.. read];
        _days = days.ToDictionary(snapshot => snapshot.Day.Date);
        Entries = _days.Values
            .SelectMany(snapshot => snapshot.Day.Entries)
            .DistinctBy(entry => (entry.Kind, entry.Key))
            .OrderBy(entry => entry.Start)
            .ToList();
    }

    /// <summary>Every claim once, however many dates it spans, ordered by start.</summary>
    public IReadOnlyList<AgendaEntry> Entries { get; }

    public IEnumerable<AgendaEntry> Bookings => Entries.Where(entry => entry.Kind == AgendaEntryKind.Booking);

    /// <summary>The UTC dates an interval touches: those whose day shares at least one instant with [start, end).</summary>
    public static IEnumerable<DateOnly> DatesOf(DateTimeOffset start, DateTimeOffset end)
    {
        var range = DateRange.Of(start, end);
        for (var date = range.First; date <= range.Last; date = date.AddDays(1))
        {
            yield return date;
        }
    }

    /// <summary>This agenda after <paramref name="written"/> committed: their entries, with the versions the writes returned.</summary>
    public Agenda With(IEnumerable<AgendaDaySnapshot> written)
    {
        var days = new Dictionary<DateOnly, AgendaDaySnapshot>(_days);
        foreach (var snapshot in written)
        {
            days[snapshot.Day.Date] = snapshot;
        }

        return new Agenda(_read, days.Values);
    }

    /// <summary>
    /// The rows to write for a change: every date in <paramref name="touched"/> and every date an added or removed entry
    /// spans, each with its entries after the change and the version it was read at.
    /// </summary>
    /// <exception cref="InvalidOperationException">A date outside the range that was read: a write must never be
    /// conditional on a row nobody looked at.</exception>
    public IReadOnlyList<AgendaDaySnapshot> Change(
        IEnumerable<DateOnly> touched, IReadOnlyCollection<AgendaEntry> removed, IReadOnlyCollection<AgendaEntry> added)
    {
        var dates = new SortedSet<DateOnly>(touched);
        foreach (var entry in removed.Concat(added))
        {
            dates.UnionWith(DatesOf(entry.Start, entry.End));
        }

        var removedKeys = removed.Select(entry => (entry.Kind, entry.Key)).ToHashSet();
        var changed = new List<AgendaDaySnapshot>(dates.Count);
        foreach (var date in dates)
        {
            if (!_read.Any(range => range.Contains(date)))
            {
                throw new InvalidOperationException($"The agenda was not read for {date:O}.");
            }

            var read = _days.GetValueOrDefault(date) ?? new AgendaDaySnapshot(AgendaDay.Empty(date), Version: null);
            var entries = read.Day.Entries
                .Where(entry => !removedKeys.Contains((entry.Kind, entry.Key)))
                .Concat(added.Where(entry => DatesOf(entry.Start, entry.End).Contains(date)))
                .OrderBy(entry => entry.Start)
                .ToList();
            changed.Add(read with { Day = read.Day with { Entries = entries } });
        }

        return changed;
    }
}

/// <summary>UTC dates from <see cref="First"/> to <see cref="Last"/>, both included.</summary>
internal readonly record struct DateRange(DateOnly First, DateOnly Last)
{
    public bool Contains(DateOnly date) => date >= First && date <= Last;

    /// <summary>The dates an interval touches, as one range.</summary>
    public static DateRange Of(DateTimeOffset start, DateTimeOffset end) =>
        new(DateOnly.FromDateTime(start.UtcDateTime), DateOnly.FromDateTime((end - TimeSpan.FromTicks(1)).UtcDateTime));

    /// <summary>Sorted, with overlapping and adjacent ranges joined, so no date is read twice.</summary>
    public static IReadOnlyList<DateRange> Merge(IEnumerable<DateRange> ranges)
    {
        var merged = new List<DateRange>();
        foreach (var range in ranges.OrderBy(r => r.First))
        {
            if (merged.Count > 0 && range.First <= merged[^1].Last.AddDays(1))
            {
                merged[^1] = merged[^1] with { Last = range.Last > merged[^1].Last ? range.Last : merged[^1].Last };
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }
}
