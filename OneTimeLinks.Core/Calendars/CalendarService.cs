using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Calendars;

public abstract record SaveCalendarOutcome
{
    public sealed record Saved(BookableCalendar Calendar) : SaveCalendarOutcome;

    public sealed record Invalid(FieldErrors Errors) : SaveCalendarOutcome;
}

internal sealed class CalendarService(ICalendarStore store, TimeProvider timeProvider) : ICalendarService
{
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
