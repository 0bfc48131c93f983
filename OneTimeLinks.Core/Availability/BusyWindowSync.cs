using Microsoft.Extensions.Logging;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Availability;

/// <summary>
/// Makes one source's busy intervals starting in a window exactly the given ones: what the CRM's
/// <c>PUT …/busy?from&amp;to</c> does for <see cref="BusySources.Crm"/>, and a feed refresh for <c>feed:{feedId}</c>.
/// Other sources' intervals in the window are neither read as candidates for deletion nor touched, so the CRM's sync
/// never deletes a feed's busy time and a feed never deletes the CRM's. Idempotent: equal intervals are left alone.
/// </summary>
internal sealed partial class BusyWindowSync(ICalendarStore calendars, IBusyStore store, ILogger<BusyWindowSync> logger)
{
    // Each lost race means a booking or another busy write changed one of the same dates first.
    private const int MaxAttempts = 8;

    /// <param name="intervals">Valid intervals of <paramref name="source"/>, each starting in [from, to), ids unique.</param>
    public async Task<SyncBusyOutcome> SyncAsync(
        string calendarId,
        string source,
        DateTimeOffset from,
        DateTimeOffset to,
        IReadOnlyList<BusyInterval> intervals,
        CancellationToken cancellationToken)
    {
        // Everything that starts in the window ends at most 31 days after it.
        var windowDates = DateRange.Of(from, to + BusyValidator.MaxDuration);
        var errors = new FieldErrors();
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var calendar = calendars.GetCalendarAsync(calendarId, cancellationToken);
            var inWindow = store.GetBusyStartingInAsync(calendarId, from, to, cancellationToken);
            var around = calendars.GetAgendaAsync(calendarId, [windowDates], cancellationToken);
            await Task.WhenAll(calendar, inWindow, around);
            if (await calendar is null)
            {
                return new SyncBusyOutcome.CalendarNotFound();
            }

            var stored = (await inWindow)
                .Where(s => s.Interval.Source == source)
                .ToDictionary(s => s.Interval.Id, StringComparer.Ordinal);

            // An id of the body that starts outside the window today is moved into it, not added a second time.
            var unseen = intervals.Where(i => !stored.ContainsKey(i.Id)).Select(i => i.Id).ToList();
            var elsewhere = unseen.Count == 0 ? [] : await store.GetBusyAsync(calendarId, source, unseen, cancellationToken);
            var agenda = await around;
            if (elsewhere.Count > 0)
            {
                agenda = await calendars.GetAgendaAsync(
                    calendarId,
                    DateRange.Merge([windowDates, .. elsewhere.Select(s => DateRange.Of(s.Interval.Start, s.Interval.End))]),
                    cancellationToken);
            }

            var known = stored.Values.Concat(elsewhere).ToDictionary(s => s.Interval.Id, StringComparer.Ordinal);
            var bodyIds = intervals.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            var changes = new List<BusyChange>();
            int created = 0, replaced = 0, unchanged = 0;
            foreach (var interval in intervals)
            {
                var old = known.GetValueOrDefault(interval.Id);
                if (old is not null && old.Interval.SameAs(interval))
                {
                    unchanged++;
                    continue;
                }

                _ = old is null ? created++ : replaced++;
                changes.Add(new BusyChange(old, interval));
            }

            var deleted = stored.Values.Where(s => !bodyIds.Contains(s.Interval.Id)).Select(s => new BusyChange(s, null)).ToList();
            changes.AddRange(deleted);
            if (BusyService.Overfull(agenda, changes, "intervals", errors))
            {
                return new SyncBusyOutcome.Invalid(errors);
            }

            if (changes.Count == 0 || await store.TryApplyAsync(calendarId, agenda, changes, cancellationToken))
            {
                Log.Synced(logger, calendarId, source, created, replaced, deleted.Count, unchanged);
                return new SyncBusyOutcome.Synced(created, replaced, deleted.Count, unchanged, BusyService.Conflicts(agenda, intervals))
                {
                    NewConflicts = BusyService.Conflicts(agenda, changes.Where(c => c.New is not null).Select(c => c.New!)),
                };
            }

            Log.LostRace(logger, calendarId, attempt);
        }

        return new SyncBusyOutcome.Contended();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information,
            "Busy time of calendar {CalendarId} synced for {Source}: {Created} created, {Replaced} replaced, {Deleted} deleted, {Unchanged} unchanged.")]
        public static partial void Synced(ILogger logger, string calendarId, string source, int created, int replaced, int deleted, int unchanged);

        [LoggerMessage(2, LogLevel.Debug, "Busy window sync of calendar {CalendarId} lost a race on attempt {Attempt}; re-reading.")]
        public static partial void LostRace(ILogger logger, string calendarId, int attempt);
    }
}
