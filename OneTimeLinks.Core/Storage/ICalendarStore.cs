using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Core.Storage;

/// <summary>
/// A date's claims as read, with the version every write of the date is conditional on: opaque outside Storage, and
/// null when the date has no row yet (the write must create it).
/// </summary>
internal sealed record AgendaDaySnapshot(AgendaDay Day, string? Version);

/// <summary>
/// The storage surface of calendars: the calendar the CRM saved, and its agenda (every claim on its time, by UTC date).
/// What a booking decision reads together with its link is read by <see cref="ILinkStore.GetBookingContextAsync"/>.
/// </summary>
internal interface ICalendarStore
{
    Task<BookableCalendar?> GetCalendarAsync(string calendarId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the calendar whole (PUT: last writer wins), registering it for the sweep first.</summary>
    Task SaveCalendarAsync(BookableCalendar calendar, CancellationToken cancellationToken = default);

    /// <summary>The claims on a calendar's time for the UTC dates of <paramref name="dates"/>: one range query each, sent together.</summary>
    Task<Agenda> GetAgendaAsync(string calendarId, IReadOnlyList<DateRange> dates, CancellationToken cancellationToken = default);
}
