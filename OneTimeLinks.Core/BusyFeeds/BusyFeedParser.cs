using System.Security.Cryptography;
using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using OneTimeLinks.Core.Availability;
using IcalCalendar = Ical.Net.Calendar;

namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>What a feed's text says is busy in a window, or why it could not be read.</summary>
internal abstract record BusyFeedParse
{
    public sealed record Parsed(IReadOnlyList<BusyInterval> Intervals, int EventCount) : BusyFeedParse;

    /// <param name="Error">The feed status's <c>lastError</c>: <c>not-icalendar</c> or <c>too-many-events</c>.</param>
    public sealed record Failed(string Error) : BusyFeedParse;
}

/// <summary>
/// Reads an iCalendar feed (Google, Outlook/Exchange, iCloud exports) with Ical.Net into busy intervals of one source:
/// VEVENTs with RRULE/RDATE/EXDATE expanded over the window, RECURRENCE-ID overrides in place of the instances they
/// replace, TZIDs as IANA or Windows zone names, DURATION as well as DTEND; events that are TRANSP:TRANSPARENT or
/// STATUS:CANCELLED are not busy. All-day events and floating times are the calendar's local time (the owner's day).
/// VFREEBUSY periods are busy unless FBTYPE=FREE. An interval longer than a busy interval may last is split.
/// </summary>
internal static class BusyFeedParser
{
    /// <summary>More busy intervals than this in one feed's window is refused, not truncated.</summary>
    public const int MaxIntervals = 5000;

    // Ids are stored on the rows; a UID may be of any length, so long ones are stored as their hash.
    private const int MaxIdLength = 200;

    public static BusyFeedParse Parse(string text, string source, string calendarZone, DateTimeOffset from, DateTimeOffset to)
    {
        if (!text.TrimStart().StartsWith("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase))
        {
            return new BusyFeedParse.Failed("not-icalendar");
        }

        IcalCalendar? calendar;
        try
        {
            calendar = IcalCalendar.Load(text);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new BusyFeedParse.Failed("not-icalendar");
        }

        if (calendar is null)
        {
            return new BusyFeedParse.Failed("not-icalendar");
        }

        var intervals = new Dictionary<string, BusyInterval>(StringComparer.Ordinal);
        var events = 0;

        // An all-day event in a zone east of UTC starts before "from" in UTC; expand from a day earlier and clip after.
        var expandFrom = new CalDateTime(from.UtcDateTime.AddDays(-1), CalDateTime.UtcTzId);
        var expandTo = new CalDateTime(to.UtcDateTime.AddDays(1), CalDateTime.UtcTzId);
        foreach (var occurrence in Occurrences(calendar, expandFrom, expandTo))
        {
            if (occurrence.Source is not CalendarEvent calendarEvent || !IsBusy(calendarEvent))
            {
                continue;
            }

            if (Instants(occurrence.Period, calendarZone) is not var (start, end) || end <= from || start >= to || end <= start)
            {
                continue;
            }

            events++;
            var id = IdOf(calendarEvent, occurrence.Period.StartTime, calendarZone);
            foreach (var piece in Split(id, start, end, source))
            {
                intervals[piece.Id] = piece;
            }

            if (intervals.Count > MaxIntervals)
            {
                return new BusyFeedParse.Failed("too-many-events");
            }
        }

        foreach (var (uid, start, end) in FreeBusyPeriods(text))
        {
            if (end <= from || start >= to || end <= start)
            {
                continue;
            }

            events++;
            foreach (var piece in Split($"freebusy|{uid}|{start.UtcTicks}", start, end, source))
            {
                intervals[piece.Id] = piece;
            }

            if (intervals.Count > MaxIntervals)
            {
                return new BusyFeedParse.Failed("too-many-events");
            }
        }

        return new BusyFeedParse.Parsed([.. intervals.Values.OrderBy(i => i.Start).ThenBy(i => i.Id, StringComparer.Ordinal)], events);
    }

    private static IEnumerable<Occurrence> Occurrences(IcalCalendar calendar, CalDateTime from, CalDateTime to)
    {
        // Evaluated lazily; a component Ical.Net cannot evaluate (an unknown TZID) ends the sequence with an exception,
        // so each event is expanded on its own and a bad one costs only itself.
        var overridden = calendar.Events
            .Where(e => e.RecurrenceIdentifier is not null && e.Uid is not null)
            .Select(e => (e.Uid!, e.RecurrenceIdentifier!.StartTime.AsUtc))
            .ToHashSet();
        foreach (var calendarEvent in calendar.Events)
        {
            List<Occurrence> occurrences;
            try
            {
                occurrences = [.. calendarEvent.GetOccurrences(from).TakeWhileBefore(to).Take(MaxIntervals + 1)];
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or Ical.Net.Evaluation.EvaluationException)
            {
                continue;
            }

            foreach (var occurrence in occurrences)
            {
                // An instance that a RECURRENCE-ID component replaces is that component's, not the series'.
                if (calendarEvent.RecurrenceIdentifier is null && calendarEvent.Uid is { } uid
                    && overridden.Contains((uid, occurrence.Period.StartTime.AsUtc)))
                {
                    continue;
                }

                yield return occurrence;
            }
        }
    }

    /// <summary>
    /// The busy periods of every VFREEBUSY (all but FBTYPE=FREE), read from the unfolded lines: Ical.Net 5.2.4 loads the
    /// component but yields no FREEBUSY entries (its entry deserializer gets a plain Period back from its base and
    /// drops it). RFC 5545 requires these periods in UTC: a start, and an end or a duration.
    /// </summary>
    private static List<(string Uid, DateTimeOffset Start, DateTimeOffset End)> FreeBusyPeriods(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Replace("\n ", "", StringComparison.Ordinal).Replace("\n\t", "", StringComparison.Ordinal).Split('\n');
        var inside = false;
        var uid = "";
        var found = new List<(string, DateTimeOffset, DateTimeOffset)>();
        foreach (var line in lines)
        {
            if (line.Equals("BEGIN:VFREEBUSY", StringComparison.OrdinalIgnoreCase))
            {
                (inside, uid) = (true, "");
                continue;
            }

            if (line.Equals("END:VFREEBUSY", StringComparison.OrdinalIgnoreCase))
            {
                inside = false;
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (!inside || colon < 0)
            {
                continue;
            }

            var nameAndParameters = line[..colon].Split(';');
            if (nameAndParameters[0].Equals("UID", StringComparison.OrdinalIgnoreCase))
            {
                uid = line[(colon + 1)..];
            }
            else if (nameAndParameters[0].Equals("FREEBUSY", StringComparison.OrdinalIgnoreCase)
                && !nameAndParameters.Skip(1).Any(p => p.Equals("FBTYPE=FREE", StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var period in line[(colon + 1)..].Split(','))
                {
                    if (TryReadPeriod(period, out var start, out var end))
                    {
                        found.Add((uid, start, end));
                    }
                }
            }
        }

        return found;
    }

    private static bool TryReadPeriod(string period, out DateTimeOffset start, out DateTimeOffset end)
    {
        (start, end) = (default, default);
        var parts = period.Split('/');
        if (parts.Length != 2 || !TryReadUtc(parts[0], out start))
        {
            return false;
        }

        if (parts[1].StartsWith('P'))
        {
            try
            {
                end = start + System.Xml.XmlConvert.ToTimeSpan(parts[1]);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return TryReadUtc(parts[1], out end);
    }

    private static bool TryReadUtc(string value, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(
            value, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out instant);

    private static bool IsBusy(CalendarEvent calendarEvent) =>
        !string.Equals(calendarEvent.Status, "CANCELLED", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(calendarEvent.Transparency, "TRANSPARENT", StringComparison.OrdinalIgnoreCase);

    private static (DateTimeOffset Start, DateTimeOffset End)? Instants(Period period, string calendarZone)
    {
        if (period.StartTime is not { } startTime || period.EffectiveEndTime is not { } endTime)
        {
            return null;
        }

        return (Instant(startTime, calendarZone), Instant(endTime, calendarZone));
    }

    /// <summary>A date is the calendar's local midnight; a floating time the calendar's local time; else as zoned.</summary>
    private static DateTimeOffset Instant(CalDateTime time, string calendarZone)
    {
        var zoned = !time.HasTime
            ? new CalDateTime(time.Date, TimeOnly.MinValue, calendarZone)
            : time.IsFloating ? time.ToTimeZone(calendarZone) : time;
        return new DateTimeOffset(zoned.AsUtc, TimeSpan.Zero);
    }

    /// <summary>
    /// The UID for a single event, so a moved event is replaced, not deleted and added; the UID and the instance's
    /// RECURRENCE-ID (or its start) for an instance of a series.
    /// </summary>
    private static string IdOf(CalendarEvent calendarEvent, CalDateTime occurrenceStart, string calendarZone)
    {
        var uid = calendarEvent.Uid ?? "";
        var recurring = calendarEvent.RecurrenceIdentifier is not null
            || calendarEvent.RecurrenceRule is not null
            || calendarEvent.RecurrenceDates.GetAllPeriods().Any();
        var instance = calendarEvent.RecurrenceIdentifier?.StartTime ?? occurrenceStart;
        var id = recurring ? $"{uid}|{Instant(instance, calendarZone).UtcTicks}" : uid;
        return id.Length <= MaxIdLength && id.Length > 0
            ? id
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }

    /// <summary>A busy interval lasts at most <see cref="BusyValidator.MaxDuration"/>; a longer event becomes consecutive pieces.</summary>
    private static IEnumerable<BusyInterval> Split(string id, DateTimeOffset start, DateTimeOffset end, string source)
    {
        var piece = 0;
        for (var pieceStart = start; pieceStart < end; pieceStart += BusyValidator.MaxDuration, piece++)
        {
            var pieceEnd = pieceStart + BusyValidator.MaxDuration < end ? pieceStart + BusyValidator.MaxDuration : end;
            yield return new BusyInterval(piece == 0 ? id : $"{id}#{piece}", pieceStart, pieceEnd, null) { Source = source };
        }
    }
}
