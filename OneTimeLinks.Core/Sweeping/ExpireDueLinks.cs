using Microsoft.Extensions.Logging;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Telemetry;

namespace OneTimeLinks.Core.Sweeping;

/// <summary>
/// Sweep step 1: expires each due active link in one transaction conditional on the link's version, with its expired
/// event in the outbox (a racing booking or a second sweep makes the version stale, so exactly one of them commits).
/// The event is published synchronously: the sweep holds no one's answer.
/// </summary>
internal sealed partial class ExpireDueLinks(
    ISweepStore store,
    ILinkStore links,
    OutboxEventDispatcher dispatcher,
    LinkMetrics metrics,
    ILogger<ExpireDueLinks> logger)
{
    // A link that keeps changing under the sweep (a multi-use link booked again and again at its expiry instant) is left
    // for the next run rather than spun on.
    private const int MaxAttempts = 3;

    public IAsyncEnumerable<DueExpiry> GetDueAsync(string calendarId, SweepRun run, CancellationToken cancellationToken) =>
        store.GetDueExpiriesAsync(calendarId, run.Now, cancellationToken);

    /// <summary>Expires a due link; true when this sweep's transaction ended it.</summary>
    public async Task<bool> RunAsync(DueExpiry due, SweepRun run, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var snapshot = await links.GetLinkAsync(due.CalendarId, due.LinkId, cancellationToken);
            if (snapshot is not { Link: { StoredStatus: LinkStatus.Active, ExpiresAt: { } expiresAt } link } || !link.IsPastExpiry(run.Now))
            {
                // The link ended otherwise (booked to its last use, revoked, expired by another sweep), whose transaction
                // removed the index row already, or the row is a leftover that names no active link. Either way the row
                // has no work left; deleting it is idempotent.
                await store.DeleteExpiryIndexAsync(due, cancellationToken);
                return false;
            }

            // The link ended at its expiry instant, whenever the sweep noticed (its data says endedAt = expiresAt, and
            // retention counts from there); the event's time is when it was recorded, which the redelivery grace uses.
            var expired = link with { StoredStatus = LinkStatus.Expired, EndedAt = expiresAt };
            var expiredEvent = LinkEventFactory.Ended(LinkEventTypes.Expired, expired, run.Now);
            if (await links.TryEndLinkAsync(snapshot, expired, expiredEvent, cancellationToken))
            {
                Log.LinkExpired(logger, due.CalendarId, due.LinkId);
                metrics.Expired();
                await dispatcher.DispatchAsync([expiredEvent], cancellationToken);
                return true;
            }

            // The version is stale: a booking, a revoke or another sweep committed first. Read again and decide again.
        }

        Log.LinkKeptChanging(logger, due.CalendarId, due.LinkId);
        run.Incomplete = true;
        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(3, LogLevel.Information, "Expired link {LinkId} of calendar {CalendarId}.")]
        public static partial void LinkExpired(ILogger logger, string calendarId, string linkId);

        [LoggerMessage(4, LogLevel.Warning, "Link {LinkId} of calendar {CalendarId} kept changing during the sweep; the next run retries.")]
        public static partial void LinkKeptChanging(ILogger logger, string calendarId, string linkId);
    }
}
