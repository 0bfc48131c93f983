namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>Configuration section <c>BusyFeeds</c>: busy time read from the owner's iCalendar feeds.</summary>
public sealed class BusyFeedOptions
{
    public const string SectionName = "BusyFeeds";

    /// <summary>
    /// Development only, as <c>Webhooks:AllowLoopbackHttp</c>: lets a feed use plain http to a loopback host. In Azure it
    /// stays false, and every feed must be https on a public address.
    /// </summary>
    public bool AllowLoopbackHttp { get; set; }

    /// <summary>One fetch's limit, from connect to the last byte.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most a feed may be; a larger one is an error (<c>too-large</c>), not a truncation.</summary>
    public int MaxFeedBytes { get; set; } = 5 * 1024 * 1024;
}
