using OneTimeLinks.Core.BusyFeeds;

namespace OneTimeLinks.Core.Storage;

/// <summary>A calendar's feeds as read, with the version a replacement is conditional on (null: no row yet).</summary>
internal sealed record BusyFeedSet(IReadOnlyList<BusyFeed> Feeds, string? Version);

/// <summary>
/// The storage surface of a calendar's feed configuration: one row in the calendar's partition holding every feed
/// (URLs encrypted), replaced whole and conditionally, so concurrent changes can never exceed the limit or lose one.
/// </summary>
internal interface IBusyFeedStore
{
    Task<BusyFeedSet> GetAsync(string calendarId, CancellationToken cancellationToken = default);

    /// <summary>False when another writer changed the feeds since <paramref name="version"/> was read.</summary>
    Task<bool> TryReplaceAsync(string calendarId, IReadOnlyList<BusyFeed> feeds, string? version, CancellationToken cancellationToken = default);
}
