namespace OneTimeLinks.Core.BookingFeeds;

/// <summary>A calendar's subscribable iCalendar feed of its bookings, reached through a capability URL.</summary>
public interface IBookingFeedService
{
    /// <summary>Mints the calendar's feed URL; the URL minted before it (if any) stops working in the same write.</summary>
    Task<MintBookingFeedOutcome> MintAsync(string calendarId, CancellationToken cancellationToken = default);

    /// <summary>Switches the feed off: its URL answers 404 until a new one is minted.</summary>
    Task<DisableBookingFeedOutcome> DisableAsync(string calendarId, CancellationToken cancellationToken = default);

    /// <summary>The bookings of the feed named by the URL's last segment, read with one range query.</summary>
    Task<ReadBookingFeedOutcome> ReadAsync(string? fileName, CancellationToken cancellationToken = default);
}
