namespace OneTimeLinks.Core.Bookings;

/// <summary>
/// The owner's view of what is coming (the panel, issue 24): the bookings made through links over the next days and
/// the requests waiting for an answer. Each page is one range query over the by-start rows, never a scan of the calendar.
/// </summary>
public interface IUpcomingBookingsService
{
    /// <summary>
    /// Pending and confirmed bookings starting from now to the end of the 14th
    /// local date in the calendar's zone (today counts as the first), by start.
    /// </summary>
    Task<UpcomingBookingsOutcome> ListUpcomingAsync(string calendarId, string? continuationToken, CancellationToken cancellationToken = default);

    /// <summary>The requests waiting for the owner's confirm or decline, by start.</summary>
    Task<UpcomingBookingsOutcome> ListPendingAsync(string calendarId, string? continuationToken, CancellationToken cancellationToken = default);
}
