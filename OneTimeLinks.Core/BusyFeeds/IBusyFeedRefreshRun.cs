namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>Refreshing calendars' iCalendar feeds of busy time: what the timer runs, and one feed on its own.</summary>
public interface IBusyFeedRefreshRun
{
    /// <summary>Refreshes every feed due since <paramref name="lastRun"/> (null: the last minute); the number of feeds due.</summary>
    Task<int> RefreshDueAsync(DateTimeOffset? lastRun, CancellationToken cancellationToken = default);

    /// <summary>Refreshes one feed now, due or not.</summary>
    Task<BusyFeedRefreshOutcome> RefreshAsync(string calendarId, string feedId, CancellationToken cancellationToken = default);
}
