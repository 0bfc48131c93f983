namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>
/// An iCalendar (ICS) address whose events are the owner's busy time, refreshed every <see cref="RefreshMinutes"/>.
/// The URL is the owner's secret calendar address: stored encrypted, never logged.
/// </summary>
public sealed record BusyFeed(string Id, Uri Url, int RefreshMinutes);
