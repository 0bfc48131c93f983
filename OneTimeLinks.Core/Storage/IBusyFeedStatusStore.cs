using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.BusyFeeds;
using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Core.Storage;

/// <summary>
/// One feed's refresh state as stored: the public status, and what the next fetch needs (the validators the feed
/// answered, the hash of its last imported content, the hash of the URL they belong to) and what was already reported.
/// </summary>
internal sealed record BusyFeedState(
    BusyFeedStatus Status,
    string? UrlHash,
    string? ETag,
    DateTimeOffset? LastModified,
    string? ContentHash,
    bool FailingReported,
    IReadOnlyList<BookingConflict> Conflicts)
{
    public static BusyFeedState None { get; } = new(BusyFeedStatus.Never, null, null, null, null, false, []);
}

/// <summary>A feed's state as read, with the version its replacement is conditional on (null: no row yet).</summary>
internal sealed record BusyFeedStateSnapshot(BusyFeedState State, string? Version);

/// <summary>
/// The storage surface of feed refreshes: each feed's state row in its calendar's partition, written conditionally
/// together with the events it decides (outbox rows, one transaction), and the global refresh index the timer reads.
/// </summary>
internal interface IBusyFeedStatusStore
{
    Task<BusyFeedStateSnapshot> GetAsync(string calendarId, string feedId, CancellationToken cancellationToken = default);

    /// <summary>Every feed's state of a calendar, by feed id (one range read).</summary>
    Task<IReadOnlyDictionary<string, BusyFeedState>> ListAsync(string calendarId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the state if it is still <paramref name="version"/>, and adds <paramref name="events"/> to the outbox in
    /// the same transaction. False when another refresh wrote it first.
    /// </summary>
    Task<bool> TryWriteAsync(
        string calendarId, string feedId, BusyFeedState state, string? version, IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default);

    /// <summary>The feeds (calendar, feed) indexed under <paramref name="refreshMinutes"/>: one range query.</summary>
    Task<IReadOnlyList<(string CalendarId, string FeedId)>> ListIndexedAsync(int refreshMinutes, CancellationToken cancellationToken = default);

    /// <summary>Indexes the feed under its interval (an upsert: writing it again is harmless).</summary>
    Task IndexAsync(string calendarId, BusyFeed feed, CancellationToken cancellationToken = default);

    /// <summary>Removes the feed's index row under <paramref name="refreshMinutes"/>; a row already gone is fine.</summary>
    Task UnindexAsync(string calendarId, string feedId, int refreshMinutes, CancellationToken cancellationToken = default);
}
