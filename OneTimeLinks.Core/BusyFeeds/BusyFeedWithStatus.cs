namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>A feed, how its refreshes go, and when it is next due (computed: due times are never stored).</summary>
public sealed record BusyFeedWithStatus(BusyFeed Feed, BusyFeedStatus Status, DateTimeOffset NextRefreshAt);
