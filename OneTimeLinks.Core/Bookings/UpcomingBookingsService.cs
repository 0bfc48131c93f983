using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Bookings;

/// <summary>Reads the windows of <see cref="IUpcomingBookingsService"/> from the by-start rows, one page per query.</summary>
internal sealed class UpcomingBookingsService(ICalendarStore calendars, IBookingStore store, ILinkStore links, TimeProvider timeProvider)
    : IUpcomingBookingsService
{
    /// <summary>Local dates the upcoming view covers, today included.</summary>
    public const int Days = 14;

    public const int PageSize = 50;

    private static readonly BookingStatus[] Upcoming = [BookingStatus.Pending, BookingStatus.Confirmed];

    private static readonly BookingStatus[] Pending = [BookingStatus.Pending];

    // A request is pending at most the longest deadline after it was made, and it was made before its start (invitees
    // book ahead), so a request still pending starts at most that long ago; an older one is overdue and the sweep's.
    private static readonly TimeSpan PendingLookBack = TimeSpan.FromHours(CalendarValidator.MaxConfirmationDeadlineHours);

    // Bookings lie within a calendar's horizon; the CRM's list allows windows of the same length.
    private static readonly TimeSpan PendingLookAhead = TimeSpan.FromDays(366);

    public Task<UpcomingBookingsOutcome> ListUpcomingAsync(string calendarId, string? continuationToken, CancellationToken cancellationToken = default) =>
        ListAsync(calendarId, Upcoming, continuationToken, static (calendar, now) =>
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZone);
            var lastDate = ZoneTime.LocalDate(zone, now).AddDays(Days - 1);
            return (now, ZoneTime.LocalDay(zone, lastDate).End);
        }, cancellationToken);

    public Task<UpcomingBookingsOutcome> ListPendingAsync(string calendarId, string? continuationToken, CancellationToken cancellationToken = default) =>
        ListAsync(calendarId, Pending, continuationToken, static (_, now) => (now - PendingLookBack, now + PendingLookAhead), cancellationToken);

    private async Task<UpcomingBookingsOutcome> ListAsync(
        string calendarId,
        BookingStatus[] statuses,
        string? continuationToken,
        Func<BookableCalendar, DateTimeOffset, (DateTimeOffset From, DateTimeOffset To)> window,
        CancellationToken cancellationToken)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId)
            || await calendars.GetCalendarAsync(calendarId, cancellationToken) is not { } calendar)
        {
            return new UpcomingBookingsOutcome.CalendarNotFound();
        }

        var (from, to) = window(calendar, timeProvider.GetUtcNow());
        try
        {
            var page = await store.ListAsync(
                new BookingListQuery(calendarId, from, to, statuses, Attendance: null, PageSize, continuationToken), cancellationToken);
            return new UpcomingBookingsOutcome.Listed(calendar, from, to, page, await LinkNotesAsync(calendarId, page.Bookings, cancellationToken));
        }
        catch (InvalidContinuationTokenException)
        {
            return new UpcomingBookingsOutcome.InvalidContinuation();
        }
    }

    /// <summary>The notes of the page's links: point reads of the distinct links, sent together (at most a page's worth).</summary>
    private async Task<IReadOnlyDictionary<string, string>> LinkNotesAsync(
        string calendarId, IReadOnlyList<Booking> bookings, CancellationToken cancellationToken)
    {
        var read = await Task.WhenAll(bookings.Select(b => b.LinkId).Distinct(StringComparer.Ordinal)
            .Select(linkId => links.GetLinkAsync(calendarId, linkId, cancellationToken)));
        return read.OfType<LinkSnapshot>().Where(s => s.Link.Note is not null).ToDictionary(s => s.Link.LinkId, s => s.Link.Note!, StringComparer.Ordinal);
    }
}
