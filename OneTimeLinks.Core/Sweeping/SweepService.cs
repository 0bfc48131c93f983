using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Telemetry;

namespace OneTimeLinks.Core.Sweeping;

/// <summary>What one sweep run did.</summary>
public sealed record SweepResult(int Expired, int Purged, int Redelivered, TimeSpan Elapsed);

/// <summary>
/// Keeps statuses true, events complete and storage bounded (Table Storage has no TTL). It visits only the calendars
/// the due index (<see cref="DueHints"/>) names; per calendar it reads three index ranges that hold only due work, then:
/// <list type="bullet">
/// <item>expires each due active link in one transaction conditional on the link's ETag, with its expired event in
/// the outbox (a racing booking or a second sweep makes the ETag stale, so exactly one of them commits);</item>
/// <item>purges each due target (an ended link with its bookings, an idempotency record, a past agenda date or a long-past busy interval);</item>
/// <item>publishes events a request left in the outbox, after a grace period and under an ETag-conditional claim.</item>
/// </list>
/// Every step is its own committed transaction and its index row stays until the step is done, so a run cut off at any
/// point loses nothing: the next run finds the same rows.
/// </summary>
public sealed partial class SweepService(
    ISweepStore store,
    ILinkStore links,
    IEventDispatcher dispatcher,
    IEventPublisher publisher,
    TimeProvider timeProvider,
    IOptions<SweepOptions> options,
    IOptions<RetentionOptions> retention,
    ILogger<SweepService> logger)
{
    // A link that keeps changing under the sweep (a multi-use link booked again and again at its expiry instant) is left
    // for the next run rather than spun on.
    private const int MaxExpireAttempts = 3;

    // Past this many failed items in a row the storage or the transport is down: stop and let the next run retry.
    private const int MaxConsecutiveFailures = 5;

    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken = default)
    {
        var started = timeProvider.GetTimestamp();
        var run = new Run(timeProvider.GetUtcNow(), options.Value.MaxItemsPerRun);
        try
        {
            // Only calendars the due index names: with nothing due a run is this one query, however many calendars exist.
            var hints = await store.GetDueHintsAsync(run.Now, cancellationToken);
            var calendars = options.Value.ScanAllCalendars
                ? await store.GetCalendarIdsAsync(cancellationToken).ToListAsync(cancellationToken)
                : hints.Select(h => h.CalendarId).Distinct(StringComparer.Ordinal).ToList();
            var spent = new List<DueHint>();
            foreach (var calendarId in calendars)
            {
                run.Incomplete = false;
                await SweepCalendarAsync(calendarId, run, cancellationToken);
                if (!run.Incomplete && !run.BudgetSpent)
                {
                    // Visited in full: its hints whose minute is over stand for nothing left to do.
                    spent.AddRange(hints.Where(h => h.CalendarId == calendarId && DueHints.IsSpent(h, run.Now)));
                }

                if (run.BudgetSpent)
                {
                    Log.BudgetSpent(logger, run.Budget);
                    break;
                }
            }

            await store.DeleteDueHintsAsync(spent, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Log.Cancelled(logger, run.Expired, run.Purged, run.Redelivered);
            throw;
        }
        catch (Exception ex)
        {
            Log.Aborted(logger, run.Expired, run.Purged, run.Redelivered, ex);
            LinkMetrics.SweepFinished(timeProvider.GetElapsedTime(started), succeeded: false, run.Redelivered);
            throw;
        }

        var result = new SweepResult(run.Expired, run.Purged, run.Redelivered, timeProvider.GetElapsedTime(started));
        Log.Finished(logger, result.Expired, result.Purged, result.Redelivered, (long)result.Elapsed.TotalMilliseconds);
        LinkMetrics.SweepFinished(result.Elapsed, succeeded: true, result.Redelivered);
        return result;
    }

    private async Task SweepCalendarAsync(string calendarId, Run run, CancellationToken cancellationToken)
    {
        // Three independent steps, each driven by its own index range; a link expired here is purged by a later run
        // (its purge row lies a retention period ahead) and its event is published right after its commit.
        await ForEachAsync(run, calendarId, store.GetDueExpiriesAsync(calendarId, run.Now, cancellationToken), async due =>
        {
            if (await ExpireAsync(due, run, cancellationToken))
            {
                run.Expired++;
            }
        });

        await ForEachAsync(run, calendarId, store.GetDuePurgesAsync(calendarId, run.Now, cancellationToken), async due =>
        {
            if (await PurgeAsync(due, run.Now, cancellationToken))
            {
                run.Purged++;
            }
        });

        // Younger events may still be on their way out through the request that wrote them; a live claim means another
        // sweep is publishing that event right now.
        var notBefore = run.Now - options.Value.RedeliveryDelay;
        var undelivered = store.GetPendingOutboxEventsAsync(calendarId, cancellationToken)
            .Where(p => p.Event.Time <= notBefore && !IsClaimedElsewhere(p, run));
        await ForEachAsync(run, calendarId, undelivered, async pending =>
        {
            if (await RedeliverAsync(pending, run.Now, cancellationToken))
            {
                run.Redelivered++;
            }
        });

        // Rows written with an outbox row were hinted by that row only; the next expiry and purge get hints here.
        if (!run.Incomplete)
        {
            await store.HintNextDueAsync(calendarId, run.Now, cancellationToken);
        }
    }

    /// <summary>Another sweep is publishing it; should that one fail, this calendar's hint must bring a run back.</summary>
    private static bool IsClaimedElsewhere(PendingOutboxEvent pending, Run run)
    {
        var claimed = pending.ClaimedUntil > run.Now;
        run.Incomplete |= claimed;
        return claimed;
    }

    /// <summary>Expires a due link; true when this sweep's transaction ended it.</summary>
    private async Task<bool> ExpireAsync(DueExpiry due, Run run, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxExpireAttempts; attempt++)
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
                LinkMetrics.Expired();
                await dispatcher.DispatchAsync([expiredEvent], cancellationToken);
                return true;
            }

            // The ETag is stale: a booking, a revoke or another sweep committed first. Read again and decide again.
        }

        Log.LinkKeptChanging(logger, due.CalendarId, due.LinkId);
        run.Incomplete = true;
        return false;
    }

    /// <summary>Purges a due target; true when this sweep removed it.</summary>
    private async Task<bool> PurgeAsync(DuePurge due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (due.Targets.Count == 0)
        {
            await store.DeletePurgeIndexAsync(due, cancellationToken);
            return false;
        }

        var target = await store.ReadPurgeTargetAsync(due, cancellationToken);
        if (target.Link is { StoredStatus: LinkStatus.Active })
        {
            // Purge rows for links are written only by the transaction that ends the link; an active link named by one
            // is kept, and the stray row dropped (the link gets its own row when it ends).
            Log.StrayPurgeRow(logger, due.CalendarId, due.RowKey);
            await store.DeletePurgeIndexAsync(due, cancellationToken);
            return false;
        }

        // Retention counts from when the link ended, but a booking may lie further ahead than that (horizons reach a
        // year): its record must outlive the appointment.
        if (target.Bookings.Count > 0)
        {
            var keepUntil = target.Bookings.Max(b => b.RelevantUntil) + retention.Value.EndedLinks;
            if (keepUntil > now)
            {
                await store.ReschedulePurgeAsync(due, keepUntil, cancellationToken);
                return false;
            }
        }

        return await store.DeletePurgeTargetAsync(target, cancellationToken);
    }

    /// <summary>Publishes one pending event under a claim, then removes it; true when this sweep published it.</summary>
    private async Task<bool> RedeliverAsync(PendingOutboxEvent pending, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await store.TryClaimOutboxEventAsync(pending, now + options.Value.RedeliveryClaim, cancellationToken) is null)
        {
            return false;
        }

        // Same event id as the original attempt: consumers and Service Bus duplicate detection drop a repeat.
        await publisher.PublishAsync([pending.Event], cancellationToken);
        await links.DeleteOutboxEventAsync(pending.Event, cancellationToken);
        Log.EventRedelivered(logger, pending.Event.CalendarId, pending.Event.Id, pending.Event.Type);
        return true;
    }

    /// <summary>
    /// Runs <paramref name="step"/> for each item while the run's budget lasts. A failing item is logged and skipped
    /// (its index row stays, so the next run retries it); a run of failures in a row stops the sweep.
    /// </summary>
    private async Task ForEachAsync<T>(Run run, string calendarId, IAsyncEnumerable<T> items, Func<T, Task> step)
    {
        if (run.BudgetSpent)
        {
            return;
        }

        try
        {
            await foreach (var item in items)
            {
                if (run.BudgetSpent)
                {
                    return;
                }

                run.Items++;
                try
                {
                    await step(item);
                    run.ConsecutiveFailures = 0;
                }
                catch (Exception ex) when (ex is not OperationCanceledException && run.ConsecutiveFailures + 1 < MaxConsecutiveFailures)
                {
                    run.ConsecutiveFailures++;
                    run.Incomplete = true;
                    Log.ItemFailed(logger, calendarId, ex);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException && run.ConsecutiveFailures + 1 < MaxConsecutiveFailures)
        {
            // The index query itself failed: skip this part of the calendar for this run.
            run.ConsecutiveFailures++;
            run.Incomplete = true;
            Log.ItemFailed(logger, calendarId, ex);
        }
    }

    private sealed class Run(DateTimeOffset now, int budget)
    {
        public DateTimeOffset Now { get; } = now;

        public int Budget { get; } = budget;

        public int Items { get; set; }

        public bool BudgetSpent => Items >= Budget;

        public int Expired { get; set; }

        public int Purged { get; set; }

        public int Redelivered { get; set; }

        public int ConsecutiveFailures { get; set; }

        /// <summary>The calendar being visited still has due work (a failure, a live claim, a link that kept changing).</summary>
        public bool Incomplete { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Sweep finished: expired {Expired}, purged {Purged}, redelivered {Redelivered} in {ElapsedMs} ms")]
        public static partial void Finished(ILogger logger, int expired, int purged, int redelivered, long elapsedMs);

        [LoggerMessage(2, LogLevel.Warning, "Sweep cancelled after expiring {Expired}, purging {Purged}, redelivering {Redelivered}; the next run continues.")]
        public static partial void Cancelled(ILogger logger, int expired, int purged, int redelivered);

        [LoggerMessage(3, LogLevel.Information, "Expired link {LinkId} of calendar {CalendarId}.")]
        public static partial void LinkExpired(ILogger logger, string calendarId, string linkId);

        [LoggerMessage(4, LogLevel.Warning, "Link {LinkId} of calendar {CalendarId} kept changing during the sweep; the next run retries.")]
        public static partial void LinkKeptChanging(ILogger logger, string calendarId, string linkId);

        [LoggerMessage(5, LogLevel.Warning, "Purge row {RowKey} of calendar {CalendarId} names an active link; the row is dropped, the link kept.")]
        public static partial void StrayPurgeRow(ILogger logger, string calendarId, string rowKey);

        [LoggerMessage(6, LogLevel.Information, "Redelivered event {EventId} ({EventType}) of calendar {CalendarId}.")]
        public static partial void EventRedelivered(ILogger logger, string calendarId, string eventId, string eventType);

        [LoggerMessage(7, LogLevel.Warning, "A sweep step for calendar {CalendarId} failed; its index row stays and the next run retries it.")]
        public static partial void ItemFailed(ILogger logger, string calendarId, Exception exception);

        [LoggerMessage(9, LogLevel.Error, "Sweep failed after expiring {Expired}, purging {Purged}, redelivering {Redelivered}; the next run continues.")]
        public static partial void Aborted(ILogger logger, int expired, int purged, int redelivered, Exception exception);

        [LoggerMessage(8, LogLevel.Warning, "The sweep reached its limit of {Budget} items (Sweep:MaxItemsPerRun); the next run continues.")]
        public static partial void BudgetSpent(ILogger logger, int budget);
    }
}
