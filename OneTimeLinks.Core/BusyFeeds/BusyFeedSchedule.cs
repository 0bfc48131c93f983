namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>
/// When feeds come due: a feed refreshing every m minutes is due at every multiple of m minutes since the Unix epoch.
/// Due times are computed, never stored, so an unchanged feed's refresh writes nothing, and a timer run asks the refresh
/// index only for the intervals that have a due time in the minutes it covers.
/// </summary>
internal static class BusyFeedSchedule
{
    /// <summary>A timer run that comes late covers at most this much; a feed missed by a longer outage waits its next turn.</summary>
    public static readonly TimeSpan MaxCatchUp = TimeSpan.FromHours(1);

    /// <summary>The next instant after <paramref name="now"/> at which a feed of <paramref name="refreshMinutes"/> comes due.</summary>
    public static DateTimeOffset NextRefreshAt(int refreshMinutes, DateTimeOffset now)
    {
        var minute = MinuteOf(now);
        return DateTimeOffset.UnixEpoch.AddMinutes(((minute / refreshMinutes) + 1) * refreshMinutes);
    }

    /// <summary>
    /// The refresh intervals with a due time in (<paramref name="since"/>, <paramref name="now"/>], whole minutes: the
    /// ones a timer run at <paramref name="now"/> refreshes when the last run was at <paramref name="since"/>.
    /// </summary>
    public static IReadOnlyList<int> DueIntervals(DateTimeOffset since, DateTimeOffset now)
    {
        if (since < now - MaxCatchUp)
        {
            since = now - MaxCatchUp;
        }

        long last = MinuteOf(since), current = MinuteOf(now);
        if (current <= last)
        {
            return [];
        }

        var due = new List<int>();
        for (var minutes = BusyFeedValidator.MinRefreshMinutes; minutes <= BusyFeedValidator.MaxRefreshMinutes; minutes++)
        {
            // A multiple of minutes lies in (last, current].
            if (current / minutes > last / minutes)
            {
                due.Add(minutes);
            }
        }

        return due;
    }

    private static long MinuteOf(DateTimeOffset instant) => (long)Math.Floor((instant - DateTimeOffset.UnixEpoch).TotalMinutes);
}
