using System.Text.Json.Serialization;
using OneTimeLinks.Core.BusyFeeds;
using OneTimeLinks.Functions.Availability;

namespace OneTimeLinks.Functions.BusyFeeds;

/// <summary>
/// A feed as the API returns it: in the calendar's <c>busyFeeds</c>, and as the answer of its own PUT. The refresh
/// status fields are in the calendar's GET only.
/// </summary>
internal sealed record BusyFeedResponse(string Id, string Url, int RefreshMinutes)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? LastSyncedAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LastError { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? LastErrorAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? EventCount { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ConsecutiveFailures { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? NextRefreshAt { get; init; }

    /// <summary>Bookings the feed's busy time overlaps, as the busy API reports them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<BookingConflictResponse>? Conflicts { get; init; }

    public static BusyFeedResponse From(BusyFeed feed) => new(feed.Id, feed.Url.OriginalString, feed.RefreshMinutes);

    public static IReadOnlyList<BusyFeedResponse> From(IEnumerable<BusyFeed> feeds) => [.. feeds.Select(From)];

    public static IReadOnlyList<BusyFeedResponse> From(IEnumerable<BusyFeedWithStatus> feeds) =>
        [.. feeds.Select(f => From(f.Feed) with
        {
            LastSyncedAt = f.Status.LastSyncedAt?.ToUniversalTime(),
            LastError = f.Status.LastError,
            LastErrorAt = f.Status.LastErrorAt?.ToUniversalTime(),
            EventCount = f.Status.EventCount,
            ConsecutiveFailures = f.Status.ConsecutiveFailures,
            NextRefreshAt = f.NextRefreshAt.ToUniversalTime(),
            Conflicts = BookingConflictResponse.From(f.Status.Conflicts),
        })];
}
