using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Calendars;

public abstract record SaveCalendarOutcome
{
    public sealed record Saved(BookableCalendar Calendar) : SaveCalendarOutcome;

    public sealed record Invalid(FieldErrors Errors) : SaveCalendarOutcome;
}

public sealed class CalendarService
{
    private readonly ILinkStore store;
    private readonly TimeProvider timeProvider;

    // Internal: it takes the storage module's types, which only AddOneTimeLinksCore wires.
    internal CalendarService(ILinkStore store, TimeProvider timeProvider)
    {
        this.store = store;
        this.timeProvider = timeProvider;
    }

    public async Task<SaveCalendarOutcome> SaveAsync(string calendarId, CalendarRequest? request, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        var calendar = CalendarValidator.Validate(calendarId, request, timeProvider.GetUtcNow(), errors);
        if (calendar is null)
        {
            return new SaveCalendarOutcome.Invalid(errors);
        }

        await store.SaveCalendarAsync(calendar, cancellationToken);
        return new SaveCalendarOutcome.Saved(calendar);
    }

    public Task<BookableCalendar?> GetAsync(string calendarId, CancellationToken cancellationToken = default) =>
        CalendarValidator.IsValidCalendarId(calendarId)
            ? store.GetCalendarAsync(calendarId, cancellationToken)
            : Task.FromResult<BookableCalendar?>(null);
}
