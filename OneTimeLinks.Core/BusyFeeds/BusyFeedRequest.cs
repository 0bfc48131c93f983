namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>
/// A feed as sent: one entry of the calendar PUT's <c>busyFeeds</c> (with its <see cref="Id"/>), or the body of
/// <c>PUT …/busy-feeds/{feedId}</c> (the id is the route's; a body id, if sent, must match it).
/// </summary>
public sealed record BusyFeedRequest(string? Id, string? Url, int? RefreshMinutes);
