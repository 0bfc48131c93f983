using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>
/// Refreshes one feed: a conditional GET with what the feed answered last; on 304 or content with the same hash nothing
/// is written. Otherwise the feed's busy time in [now, horizon] becomes exactly what it says, through the same window
/// sync as the CRM's <c>PUT …/busy</c> (source <c>feed:{feedId}</c>), and the status records it. A failure records its
/// error and keeps the last good busy time; the <see cref="BusyFeedOptions.FailingAfter"/>th failure in a row publishes
/// <c>OneTimeLinks.Calendar.FeedFailing</c> once. Bookings the imported busy time overlaps are kept in the status, and
/// those not reported before are published as <c>OneTimeLinks.Calendar.Conflict</c>. Events go through the outbox, in
/// the status write's transaction.
/// </summary>
internal sealed partial class BusyFeedRefresher(
    ICalendarStore calendars,
    IBusyFeedStore feeds,
    IBusyFeedStatusStore states,
    BusyFeedFetcher fetcher,
    BusyWindowSync windowSync,
    IEventDispatcher dispatcher,
    IOptions<BusyFeedOptions> options,
    TimeProvider timeProvider,
    ILogger<BusyFeedRefresher> logger)
{
    /// <param name="indexedMinutes">The interval of the index row that found the feed: a feed since stored with
    /// another interval is not due through this row (<see cref="BusyFeedRefreshOutcome.Gone"/>, so the row is removed).</param>
    public async Task<BusyFeedRefreshOutcome> RefreshAsync(
        string calendarId, string feedId, int? indexedMinutes = null, CancellationToken cancellationToken = default)
    {
        var calendarRead = calendars.GetCalendarAsync(calendarId, cancellationToken);
        var feedsRead = feeds.GetAsync(calendarId, cancellationToken);
        var stateRead = states.GetAsync(calendarId, feedId, cancellationToken);
        await Task.WhenAll(calendarRead, feedsRead, stateRead);
        if (await calendarRead is not { } calendar || (await feedsRead).Feeds.FirstOrDefault(f => f.Id == feedId) is not { } feed)
        {
            return BusyFeedRefreshOutcome.Gone;
        }

        if (indexedMinutes is { } minutes && minutes != feed.RefreshMinutes)
        {
            return BusyFeedRefreshOutcome.Gone;
        }

        var (previous, version) = await stateRead;
        var now = timeProvider.GetUtcNow();
        var urlHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(feed.Url.OriginalString)));

        // Validators and hash belong to the URL they were answered for, and to a window that moves on.
        var reimport = previous.UrlHash != urlHash || previous.Status.LastSyncedAt is not { } synced || now - synced >= options.Value.ReimportAfter;
        var fetch = await fetcher.FetchAsync(
            feed.Url, reimport ? null : previous.ETag, reimport ? null : previous.LastModified, cancellationToken);
        var healthy = previous.Status.ConsecutiveFailures == 0 && previous.Status.LastError is null;
        switch (fetch)
        {
            case BusyFeedFetch.NotModified when !reimport:
                return healthy ? Unchanged(calendarId, feedId) : await WriteAsync(
                    calendarId, feedId, previous with { Status = previous.Status with { LastSyncedAt = now, LastError = null, LastErrorAt = null, ConsecutiveFailures = 0 }, FailingReported = false },
                    version, [], BusyFeedRefreshOutcome.Unchanged, cancellationToken);
            case BusyFeedFetch.Fetched same when !reimport && healthy && same.ContentHash == previous.ContentHash:
                return Unchanged(calendarId, feedId);
            case BusyFeedFetch.Fetched fetched:
                return await ImportAsync(calendarId, feedId, calendar.TimeZone, calendar.HorizonDays, fetched, urlHash, previous, version, now, cancellationToken);
            case BusyFeedFetch.Failed failed:
                return await FailAsync(calendarId, feedId, failed.Error, previous, version, now, cancellationToken);
            default:
                // A 304 to a GET that sent no validators: the server cannot be read right now.
                return await FailAsync(calendarId, feedId, "http-304", previous, version, now, cancellationToken);
        }
    }

    private async Task<BusyFeedRefreshOutcome> ImportAsync(
        string calendarId,
        string feedId,
        string timeZone,
        int horizonDays,
        BusyFeedFetch.Fetched fetched,
        string urlHash,
        BusyFeedState previous,
        string? version,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var source = BusySources.Feed(feedId);
        var to = now.AddDays(horizonDays);
        var parse = BusyFeedParser.Parse(fetched.Text, source, timeZone, now, to);
        if (parse is not BusyFeedParse.Parsed parsed)
        {
            var error = parse is BusyFeedParse.Failed failed ? failed.Error : "not-icalendar";
            return await FailAsync(calendarId, feedId, error, previous, version, now, cancellationToken);
        }

        // An event under way now starts before now; the window starts with it so that it is kept, not added twice.
        var from = parsed.Intervals.Count > 0 && parsed.Intervals.Min(i => i.Start) < now ? parsed.Intervals.Min(i => i.Start) : now;
        switch (await windowSync.SyncAsync(calendarId, source, from, to, parsed.Intervals, cancellationToken))
        {
            case SyncBusyOutcome.Synced synced:
                var reported = previous.Conflicts.Select(c => c.BookingId).ToHashSet(StringComparer.Ordinal);
                var fresh = synced.Conflicts.Where(c => !reported.Contains(c.BookingId)).ToList();
                var status = new BusyFeedStatus(now, null, null, parsed.EventCount, 0, synced.Conflicts);
                var state = new BusyFeedState(status, urlHash, fetched.ETag, fetched.LastModified, fetched.ContentHash, false, synced.Conflicts);
                Log.Imported(logger, calendarId, feedId, parsed.Intervals.Count, fresh.Count);
                return await WriteAsync(
                    calendarId, feedId, state, version, fresh.Count == 0 ? [] : [BusyFeedEvents.Conflict(calendarId, feedId, fresh, now)],
                    BusyFeedRefreshOutcome.Imported, cancellationToken);
            case SyncBusyOutcome.Invalid:
                // More busy time on one date than a date may hold: refused whole, like a CRM sync that overfills a date.
                return await FailAsync(calendarId, feedId, "too-many-events", previous, version, now, cancellationToken);
            case SyncBusyOutcome.CalendarNotFound:
                return BusyFeedRefreshOutcome.Gone;
            default:
                return BusyFeedRefreshOutcome.Contended;
        }
    }

    private async Task<BusyFeedRefreshOutcome> FailAsync(
        string calendarId, string feedId, string error, BusyFeedState previous, string? version, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var failures = previous.Status.ConsecutiveFailures + 1;
        var status = previous.Status with { LastError = error, LastErrorAt = now, ConsecutiveFailures = failures };
        var failing = failures >= options.Value.FailingAfter && !previous.FailingReported;
        Log.Failed(logger, calendarId, feedId, error, failures);
        return await WriteAsync(
            calendarId,
            feedId,
            previous with { Status = status, FailingReported = previous.FailingReported || failing },
            version,
            failing ? [BusyFeedEvents.FeedFailing(calendarId, feedId, status, now)] : [],
            BusyFeedRefreshOutcome.Failed,
            cancellationToken);
    }

    private async Task<BusyFeedRefreshOutcome> WriteAsync(
        string calendarId,
        string feedId,
        BusyFeedState state,
        string? version,
        IReadOnlyList<LinkEvent> events,
        BusyFeedRefreshOutcome done,
        CancellationToken cancellationToken)
    {
        // A refresh of the same feed that wrote first decided from a fetch at least as new; this one's result is dropped.
        if (!await states.TryWriteAsync(calendarId, feedId, state, version, events, cancellationToken))
        {
            return BusyFeedRefreshOutcome.Contended;
        }

        if (events.Count > 0)
        {
            await dispatcher.DispatchAsync(events, cancellationToken);
        }

        return done;
    }

    private BusyFeedRefreshOutcome Unchanged(string calendarId, string feedId)
    {
        Log.Unchanged(logger, calendarId, feedId);
        return BusyFeedRefreshOutcome.Unchanged;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Busy feed {FeedId} of calendar {CalendarId} imported: {Intervals} intervals, {NewConflicts} bookings newly overlapped.")]
        public static partial void Imported(ILogger logger, string calendarId, string feedId, int intervals, int newConflicts);

        [LoggerMessage(2, LogLevel.Warning, "Busy feed {FeedId} of calendar {CalendarId} failed ({Error}), {Failures} in a row; its last good busy time stays.")]
        public static partial void Failed(ILogger logger, string calendarId, string feedId, string error, int failures);

        [LoggerMessage(3, LogLevel.Debug, "Busy feed {FeedId} of calendar {CalendarId} unchanged; nothing written.")]
        public static partial void Unchanged(ILogger logger, string calendarId, string feedId);
    }
}
