using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Outbound;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>
/// What both ways of configuring feeds share (the calendar PUT's <c>busyFeeds</c> and <c>PUT …/busy-feeds/{feedId}</c>):
/// the address check, the conditional replacement of the calendar's feed row, and removing a dropped feed's busy time.
/// </summary>
internal sealed class BusyFeedConfiguration(
    IBusyFeedStore store,
    IBusyFeedStatusStore states,
    OutboundAddressGuard guard,
    BusyWindowSync windowSync,
    IOptions<BusyFeedOptions> options,
    TimeProvider timeProvider)
{
    // Each round one writer wins; a calendar's feeds change rarely, so this many rounds outlast any real burst.
    private const int MaxAttempts = 8;

    public bool AllowLoopbackHttp => options.Value.AllowLoopbackHttp;

    /// <summary>Asks the guard about every URL at once (each a 422 on its field when refused); true when all may be fetched.</summary>
    public async Task<bool> CheckAddressesAsync(IReadOnlyList<(string Field, Uri Url)> urls, FieldErrors errors, CancellationToken cancellationToken)
    {
        var refusals = await Task.WhenAll(urls.Select(u => guard.FindRefusalAsync(u.Url, AllowLoopbackHttp, cancellationToken)));
        for (var i = 0; i < urls.Count; i++)
        {
            if (refusals[i] is { } refusal)
            {
                errors.Add(urls[i].Field, refusal);
            }
        }

        return refusals.All(r => r is null);
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the feeds as read and stores the result conditionally, re-reading on a lost
    /// race; feeds the change dropped lose their busy time from now on. Null when contended.
    /// </summary>
    public async Task<T?> ChangeAsync<T>(
        string calendarId,
        Func<IReadOnlyList<BusyFeed>, (IReadOnlyList<BusyFeed>? Feeds, T Result)> change,
        CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await store.GetAsync(calendarId, cancellationToken);
            var (feeds, result) = change(current.Feeds);
            if (feeds is null)
            {
                return result;
            }

            // The refresh index is another partition: a feed is indexed before it is stored, and unindexed after it
            // is gone, so a crash between leaves at most a row the refresh run removes, never a feed nobody refreshes.
            var before = current.Feeds.ToDictionary(f => f.Id, f => f.RefreshMinutes, StringComparer.Ordinal);
            foreach (var added in feeds.Where(f => before.GetValueOrDefault(f.Id) != f.RefreshMinutes))
            {
                await states.IndexAsync(calendarId, added, cancellationToken);
            }

            if (!await store.TryReplaceAsync(calendarId, feeds, current.Version, cancellationToken))
            {
                continue;
            }

            var kept = feeds.ToDictionary(f => f.Id, f => f.RefreshMinutes, StringComparer.Ordinal);
            foreach (var old in current.Feeds.Where(f => kept.GetValueOrDefault(f.Id) != f.RefreshMinutes))
            {
                await states.UnindexAsync(calendarId, old.Id, old.RefreshMinutes, cancellationToken);
            }

            foreach (var dropped in current.Feeds.Where(f => !kept.ContainsKey(f.Id)))
            {
                await RemoveBusyTimeAsync(calendarId, dropped.Id, cancellationToken);
            }

            return result;
        }

        return null;
    }

    /// <summary>
    /// The dropped feed's intervals that start from now to the furthest horizon a calendar may have: the same window
    /// sync a refresh uses, with nothing in it. What started before now is past or ending, and is purged as usual.
    /// </summary>
    private async Task RemoveBusyTimeAsync(string calendarId, string feedId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await windowSync.SyncAsync(
            calendarId, BusySources.Feed(feedId), now, now.AddDays(CalendarValidator.MaxHorizonDays + 1), [], cancellationToken);
    }
}
