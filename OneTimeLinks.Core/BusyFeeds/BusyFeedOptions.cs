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
}
