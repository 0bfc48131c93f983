using Microsoft.Extensions.Logging;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>
/// One timer run: refreshes the feeds that came due since the last run, found through the refresh index by interval
/// (<see cref="BusyFeedSchedule"/>), so nothing is read that is not due. An index row whose feed is gone is removed.
/// </summary>
internal sealed partial class BusyFeedRefreshRun(
    IBusyFeedStatusStore states, BusyFeedRefresher refresher, TimeProvider timeProvider, ILogger<BusyFeedRefreshRun> logger)
    : IBusyFeedRefreshRun
{
    // Fetches of one run in flight at once: each waits on a remote server for up to the fetch timeout.
    private const int Parallelism = 8;

    public async Task<int> RefreshDueAsync(DateTimeOffset? lastRun, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var due = new List<(int Minutes, string CalendarId, string FeedId)>();
        foreach (var minutes in BusyFeedSchedule.DueIntervals(lastRun ?? now - TimeSpan.FromMinutes(1), now))
        {
            due.AddRange((await states.ListIndexedAsync(minutes, cancellationToken)).Select(f => (minutes, f.CalendarId, f.FeedId)));
        }

        await RefreshAllAsync(due, cancellationToken);
        Log.Ran(logger, due.Count);
        return due.Count;
    }

    public async Task<BusyFeedRefreshOutcome> RefreshAsync(string calendarId, string feedId, CancellationToken cancellationToken = default) =>
        await refresher.RefreshAsync(calendarId, feedId, cancellationToken: cancellationToken);

    private async Task RefreshAllAsync(List<(int Minutes, string CalendarId, string FeedId)> due, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(
            due,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (feed, token) =>
            {
                try
                {
                    if (await refresher.RefreshAsync(feed.CalendarId, feed.FeedId, feed.Minutes, token) == BusyFeedRefreshOutcome.Gone)
                    {
                        await states.UnindexAsync(feed.CalendarId, feed.FeedId, feed.Minutes, token);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One feed's storage trouble must not stop the others; it is due again at its next turn.
                    Log.RefreshThrew(logger, ex, feed.CalendarId, feed.FeedId);
                }
            });
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Busy feed refresh run: {Due} feeds due.")]
        public static partial void Ran(ILogger logger, int due);

        [LoggerMessage(2, LogLevel.Error, "Refreshing busy feed {FeedId} of calendar {CalendarId} failed.")]
        public static partial void RefreshThrew(ILogger logger, Exception exception, string calendarId, string feedId);
    }
}
