using Microsoft.Extensions.Logging;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Availability;

/// <summary>
/// Busy time pushed by the CRM: one interval by its id, or a whole window at once. The CRM is the truth, so an interval
/// that overlaps a booking made here is stored anyway and the booking is reported as a conflict. Every write meets
/// bookings on the same agenda rows (<see cref="Agenda"/>), so the two can never both commit unseen.
/// </summary>
internal sealed partial class BusyService(ICalendarStore calendars, IBusyStore store, BusyWindowSync windowSync, ILogger<BusyService> logger)
    : IBusyService
{
    // Each lost race means a booking or another busy write changed one of the same dates first.
    private const int MaxAttempts = 8;

    public async Task<SaveBusyOutcome> SaveAsync(
        string calendarId, string busyId, BusyIntervalRequest? request, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId))
        {
            return new SaveBusyOutcome.CalendarNotFound();
        }

        var errors = new FieldErrors();
        if (BusyValidator.Validate(busyId, request, errors) is not { } interval)
        {
            return new SaveBusyOutcome.Invalid(errors);
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var calendar = calendars.GetCalendarAsync(calendarId, cancellationToken);
            var existing = store.GetBusyAsync(calendarId, busyId, cancellationToken);
            var around = calendars.GetAgendaAsync(calendarId, [DateRange.Of(interval.Start, interval.End)], cancellationToken);
            await Task.WhenAll(calendar, existing, around);
            if (await calendar is null)
            {
                return new SaveBusyOutcome.CalendarNotFound();
            }

            var old = await existing;
            var agenda = await around;
            if (old is not null && old.Interval.SameAs(interval))
            {
                return new SaveBusyOutcome.Saved(interval, Created: false, Conflicts(agenda, [interval]));
            }

            if (old is not null)
            {
                // Moving it frees its old dates too, which must be read before they are written.
                agenda = await calendars.GetAgendaAsync(
                    calendarId, DateRange.Merge([DateRange.Of(interval.Start, interval.End), DateRange.Of(old.Interval.Start, old.Interval.End)]), cancellationToken);
            }

            BusyChange[] changes = [new(old, interval)];
            if (Overfull(agenda, changes, "start", errors))
            {
                return new SaveBusyOutcome.Invalid(errors);
            }

            if (await store.TryApplyAsync(calendarId, agenda, changes, cancellationToken))
            {
                var conflicts = Conflicts(agenda, [interval]);
                Log.Saved(logger, calendarId, interval.Key, old is null, conflicts.Count);
                return new SaveBusyOutcome.Saved(interval, Created: old is null, conflicts);
            }

            Log.LostRace(logger, calendarId, attempt);
        }

        return new SaveBusyOutcome.Contended();
    }

    public async Task<DeleteBusyOutcome> DeleteAsync(string calendarId, string busyId, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId))
        {
            return new DeleteBusyOutcome.CalendarNotFound();
        }

        if (!BusyValidator.IsValidId(busyId))
        {
            var errors = new FieldErrors();
            errors.Add("busyId", $"Must be 1 to {BusyValidator.MaxIdLength} characters, without control characters.");
            return new DeleteBusyOutcome.Invalid(errors);
        }

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var calendar = calendars.GetCalendarAsync(calendarId, cancellationToken);
            var existing = store.GetBusyAsync(calendarId, busyId, cancellationToken);
            await Task.WhenAll(calendar, existing);
            if (await calendar is null)
            {
                return new DeleteBusyOutcome.CalendarNotFound();
            }

            if (await existing is not { } old)
            {
                return new DeleteBusyOutcome.Deleted();
            }

            var agenda = await calendars.GetAgendaAsync(calendarId, [DateRange.Of(old.Interval.Start, old.Interval.End)], cancellationToken);
            if (await store.TryApplyAsync(calendarId, agenda, [new BusyChange(old, null)], cancellationToken))
            {
                Log.Deleted(logger, calendarId, old.Interval.Key);
                return new DeleteBusyOutcome.Deleted();
            }

            Log.LostRace(logger, calendarId, attempt);
        }

        return new DeleteBusyOutcome.Contended();
    }

    public async Task<ListBusyOutcome> ListAsync(
        string calendarId, string? from, string? to, int? pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId))
        {
            return new ListBusyOutcome.CalendarNotFound();
        }

        var errors = new FieldErrors();
        var window = BusyValidator.ValidateWindow(from, to, errors);
        var size = Paging.PageSize(pageSize, errors);
        if (window is not { } w || !errors.IsEmpty)
        {
            return new ListBusyOutcome.Invalid(errors);
        }

        try
        {
            var calendar = calendars.GetCalendarAsync(calendarId, cancellationToken);
            var page = store.ListBusyAsync(calendarId, w.From, w.To, size, continuationToken, cancellationToken);
            await Task.WhenAll(calendar, page);
            return await calendar is null ? new ListBusyOutcome.CalendarNotFound() : new ListBusyOutcome.Listed(await page);
        }
        catch (InvalidContinuationTokenException ex)
        {
            errors.Add("continuation", ex.Message);
            return new ListBusyOutcome.Invalid(errors);
        }
    }

    public async Task<SyncBusyOutcome> SyncAsync(
        string calendarId, string? from, string? to, BusySyncRequest? request, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId))
        {
            return new SyncBusyOutcome.CalendarNotFound();
        }

        var errors = new FieldErrors();
        var window = BusyValidator.ValidateWindow(from, to, errors);
        var intervals = window is { } valid ? BusyValidator.ValidateSync(valid, request, errors) : null;
        if (window is not { } w || intervals is null)
        {
            return new SyncBusyOutcome.Invalid(errors);
        }

        return await windowSync.SyncAsync(calendarId, BusySources.Crm, w.From, w.To, intervals, cancellationToken);
    }

    /// <summary>The bookings that <paramref name="intervals"/> overlap, once each, by start.</summary>
    internal static List<BookingConflict> Conflicts(Agenda agenda, IEnumerable<BusyInterval> intervals)
    {
        var busy = intervals.ToList();
        return [.. agenda.Bookings
            .Where(booking => busy.Any(interval => booking.Overlaps(interval.Start, interval.End)))
            .Select(booking => new BookingConflict(booking.Key, booking.Start, booking.End))];
    }

    internal static bool Overfull(Agenda agenda, IReadOnlyCollection<BusyChange> changes, string field, FieldErrors errors)
    {
        var days = agenda.Change(
            touched: [],
            removed: [.. changes.Where(c => c.Old is not null).Select(c => c.Old!.Interval.ToEntry())],
            added: [.. changes.Where(c => c.New is not null).Select(c => c.New!.ToEntry())]);
        if (days.Select(written => written.Day).FirstOrDefault(day => day.Entries.Count > AvailabilityRules.MaxEntriesPerDate) is { } full)
        {
            errors.Add(field, $"At most {AvailabilityRules.MaxEntriesPerDate} bookings and busy intervals may touch one UTC date; {full.Date:yyyy-MM-dd} would hold {full.Entries.Count}.");
            return true;
        }

        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Busy interval {BusyKey} of calendar {CalendarId} saved (new: {Created}, overlapping bookings: {Conflicts}).")]
        public static partial void Saved(ILogger logger, string calendarId, string busyKey, bool created, int conflicts);

        [LoggerMessage(2, LogLevel.Information, "Busy interval {BusyKey} of calendar {CalendarId} deleted.")]
        public static partial void Deleted(ILogger logger, string calendarId, string busyKey);

        [LoggerMessage(4, LogLevel.Debug, "Busy write to calendar {CalendarId} lost a race on attempt {Attempt}; re-reading.")]
        public static partial void LostRace(ILogger logger, string calendarId, int attempt);
    }
}
