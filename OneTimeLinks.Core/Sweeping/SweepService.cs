using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Telemetry;

namespace OneTimeLinks.Core.Sweeping;

/// <summary>What one sweep run did.</summary>
public sealed record SweepResult(int Expired, int Purged, int Redelivered, TimeSpan Elapsed)
{
    /// <summary>Booking requests declined because their confirmation deadline passed.</summary>
    public int Declined { get; init; }
}

/// <summary>
/// Keeps statuses true, events complete and storage bounded (Table Storage has no TTL). It visits only the calendars
/// the due index (<see cref="DueHints"/>) names, and per calendar runs three steps, each over an index range that holds
/// only due work: <see cref="ExpireDueLinks"/>, <see cref="PurgeRetiredData"/>, <see cref="RedeliverPendingEvents"/>.
/// This class only sequences them and keeps the run's budget and failure count. Every step is its own committed
/// transaction and its index row stays until the step is done, so a run cut off at any point loses nothing: the next
/// run finds the same rows.
/// </summary>
internal sealed partial class SweepService(
    ISweepStore store,
    ExpireDueLinks expire,
    DeclineOverdueRequests declineOverdue,
    PurgeRetiredData purge,
    RedeliverPendingEvents redeliver,
    PurgeEndedWebhookDeliveries purgeDeliveries,
    TimeProvider timeProvider,
    IOptions<SweepOptions> options,
    LinkMetrics metrics,
    ILogger<SweepService> logger) : ISweepService
{
    // Past this many failed items in a row the storage or the transport is down: stop and let the next run retry.
    private const int MaxConsecutiveFailures = 5;

    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken = default)
    {
        var started = timeProvider.GetTimestamp();
        var run = new SweepRun(timeProvider.GetUtcNow(), options.Value.MaxItemsPerRun);
        try
        {
            // Only calendars the due index names: with nothing due a run is this one query, however many calendars exist.
            var hints = await store.GetDueHintsAsync(run.Now, cancellationToken);
            var calendars = options.Value.ScanAllCalendars
                ? (await store.GetCalendarIdsAsync(cancellationToken).ToListAsync(cancellationToken))
                    .Concat(hints.Select(h => h.CalendarId).Where(id => TableKeys.SubscriptionIdOfDeliveryHint(id) is not null))
                    .Distinct(StringComparer.Ordinal).ToList()
                : hints.Select(h => h.CalendarId).Distinct(StringComparer.Ordinal).ToList();
            var spent = new List<DueHint>();
            foreach (var calendarId in calendars)
            {
                run.Incomplete = false;

                // A hint names a calendar or, for ended webhook deliveries, a subscription's delivery partition.
                if (TableKeys.SubscriptionIdOfDeliveryHint(calendarId) is { } subscriptionId)
                {
                    await SweepDeliveriesAsync(subscriptionId, run, cancellationToken);
                }
                else
                {
                    await SweepCalendarAsync(calendarId, run, cancellationToken);
                }

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
            metrics.SweepFinished(timeProvider.GetElapsedTime(started), succeeded: false, run.Redelivered);
            throw;
        }

        var result = new SweepResult(run.Expired, run.Purged, run.Redelivered, timeProvider.GetElapsedTime(started)) { Declined = run.Declined };
        Log.Finished(logger, result.Expired, result.Purged, result.Redelivered, (long)result.Elapsed.TotalMilliseconds);
        metrics.SweepFinished(result.Elapsed, succeeded: true, result.Redelivered);
        return result;
    }

    private async Task SweepCalendarAsync(string calendarId, SweepRun run, CancellationToken cancellationToken)
    {
        // Three independent steps, each driven by its own index range; a link expired here is purged by a later run
        // (its purge row lies a retention period ahead) and its event is published right after its commit.
        await ForEachAsync(run, calendarId, expire.GetDueAsync(calendarId, run, cancellationToken), async due =>
        {
            // The expiry index also holds pending requests' confirmation deadlines (issue 23).
            if (due.BookingId is not null)
            {
                if (await declineOverdue.RunAsync(due, run, cancellationToken))
                {
                    run.Declined++;
                }
            }
            else if (await expire.RunAsync(due, run, cancellationToken))
            {
                run.Expired++;
            }
        });

        await ForEachAsync(run, calendarId, purge.GetDueAsync(calendarId, run, cancellationToken), async due =>
        {
            if (await purge.RunAsync(due, run, cancellationToken))
            {
                run.Purged++;
            }
        });

        await ForEachAsync(run, calendarId, redeliver.GetDueAsync(calendarId, run, cancellationToken), async pending =>
        {
            if (await redeliver.RunAsync(pending, run, cancellationToken))
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

    /// <summary>One range query over the subscription's due purge rows; each ended delivery past retention is one EGT.</summary>
    private Task SweepDeliveriesAsync(string subscriptionId, SweepRun run, CancellationToken cancellationToken) =>
        ForEachAsync(run, subscriptionId, purgeDeliveries.GetDueAsync(subscriptionId, run, cancellationToken), async due =>
        {
            if (await purgeDeliveries.RunAsync(due, cancellationToken))
            {
                run.Purged++;
            }
        });

    /// <summary>
    /// Runs <paramref name="step"/> for each item while the run's budget lasts. A failing item is logged and skipped
    /// (its index row stays, so the next run retries it); a run of failures in a row stops the sweep.
    /// </summary>
    private async Task ForEachAsync<T>(SweepRun run, string calendarId, IAsyncEnumerable<T> items, Func<T, Task> step)
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

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Sweep finished: expired {Expired}, purged {Purged}, redelivered {Redelivered} in {ElapsedMs} ms")]
        public static partial void Finished(ILogger logger, int expired, int purged, int redelivered, long elapsedMs);

        [LoggerMessage(2, LogLevel.Warning, "Sweep cancelled after expiring {Expired}, purging {Purged}, redelivering {Redelivered}; the next run continues.")]
        public static partial void Cancelled(ILogger logger, int expired, int purged, int redelivered);

        [LoggerMessage(7, LogLevel.Warning, "A sweep step for calendar {CalendarId} failed; its index row stays and the next run retries it.")]
        public static partial void ItemFailed(ILogger logger, string calendarId, Exception exception);

        [LoggerMessage(9, LogLevel.Error, "Sweep failed after expiring {Expired}, purging {Purged}, redelivering {Redelivered}; the next run continues.")]
        public static partial void Aborted(ILogger logger, int expired, int purged, int redelivered, Exception exception);

        [LoggerMessage(8, LogLevel.Warning, "The sweep reached its limit of {Budget} items (Sweep:MaxItemsPerRun); the next run continues.")]
        public static partial void BudgetSpent(ILogger logger, int budget);
    }
}
