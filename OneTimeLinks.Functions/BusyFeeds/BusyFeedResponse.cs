using OneTimeLinks.Core.BusyFeeds;

namespace OneTimeLinks.Functions.BusyFeeds;

/// <summary>A feed as the API returns it: in the calendar's <c>busyFeeds</c>, and as the answer of its own PUT.</summary>
internal sealed record BusyFeedResponse(string Id, string Url, int RefreshMinutes)
{
    public static BusyFeedResponse From(BusyFeed feed) => new(feed.Id, feed.Url.OriginalString, feed.RefreshMinutes);

    public static IReadOnlyList<BusyFeedResponse> From(IEnumerable<BusyFeed> feeds) => [.. feeds.Select(From)];
}
