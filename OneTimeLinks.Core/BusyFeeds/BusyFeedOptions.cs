namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>Configuration section <c>BusyFeeds</c>: busy time read from the owner's iCalendar feeds.</summary>
public sealed class BusyFeedOptions
{
    public const string SectionName = "BusyFeeds";

    /// <summary>The app setting the refresh timer reads its six-field NCRONTAB schedule from (every minute in Azure).</summary>
    public const string RefreshScheduleSetting = "BusyFeedRefreshSchedule";

    /// <summary>
    /// Development only, as <c>Webhooks:AllowLoopbackHttp</c>: lets a feed use plain http to a loopback host. In Azure it
    /// stays false, and every feed must be https on a public address.
    /// </summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>One fetch's limit, from connect to the last byte.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most a feed may be; a larger one is an error (<c>too-large</c>), not a truncation.</summary>
    public int MaxFeedBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>After this many failed refreshes in a row, <c>OneTimeLinks.Calendar.FeedFailing</c> is published (once).</summary>
    public int FailingAfter { get; set; } = 10;

    /// <summary>
    /// An unchanged feed is imported again (fetched without validators) once its last import is this old, so the window
    /// [now, horizon] moves on and recurrences entering the horizon become busy. Within it, unchanged feeds write nothing.
    /// </summary>
    public TimeSpan ReimportAfter { get; set; } = TimeSpan.FromDays(1);
}
