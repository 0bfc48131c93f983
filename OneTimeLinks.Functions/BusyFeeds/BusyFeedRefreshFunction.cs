using OneTimeLinks.Core.BusyFeeds;

namespace OneTimeLinks.Functions.BusyFeeds;

/// <summary>
/// The busy-feed refresh timer: refreshes the feeds that came due since its last run (docs/design.md, "Busy time from
/// iCalendar feeds"). Schedule: the app setting <c>BusyFeedRefreshSchedule</c>, six-field NCRONTAB, every minute.
/// </summary>
public sealed class BusyFeedRefreshFunction(IBusyFeedRefreshRun refreshes)
{
    [Function("RefreshBusyFeeds")]
    public async Task RunAsync(
        [TimerTrigger("%" + BusyFeedOptions.RefreshScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        // The host's record of the last run (UTC), so a run that comes late still covers the minutes since.
        var last = timer.ScheduleStatus is { } status && status.Last != default
            ? new DateTimeOffset(DateTime.SpecifyKind(status.Last, DateTimeKind.Utc))
            : (DateTimeOffset?)null;
        await refreshes.RefreshDueAsync(last, cancellationToken);
    }
}
