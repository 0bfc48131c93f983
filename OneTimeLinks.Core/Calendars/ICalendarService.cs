namespace OneTimeLinks.Core.Calendars;

/// <summary>The CRM's calendars: saved whole (PUT), read by id.</summary>
public interface ICalendarService
{
    Task<SaveCalendarOutcome> SaveAsync(string calendarId, CalendarRequest? request, CancellationToken cancellationToken = default);

    /// <summary>Null for an unknown calendar or an id that could never name one.</summary>
    Task<BookableCalendar?> GetAsync(string calendarId, CancellationToken cancellationToken = default);
}
