using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Sweeping;

/// <summary>
/// Sweep step 2: purges each due target (an ended link with its bookings, an idempotency record, a past agenda date or
/// a long-past busy interval), the purge row last, so a run cut off midway leaves the row for the next one.
/// </summary>
internal sealed partial class PurgeRetiredData(
    ISweepStore store,
    IOptions<RetentionOptions> retention,
    ILogger<PurgeRetiredData> logger)
{
    public IAsyncEnumerable<DuePurge> GetDueAsync(string calendarId, SweepRun run, CancellationToken cancellationToken) =>
        store.GetDuePurgesAsync(calendarId, run.Now, cancellationToken);

    /// <summary>Purges a due target; true when this sweep removed it.</summary>
    public async Task<bool> RunAsync(DuePurge due, SweepRun run, CancellationToken cancellationToken)
    {
        if (due.Targets.Count == 0)
        {
            await store.DeletePurgeIndexAsync(due, cancellationToken);
            return false;
        }

        var target = await store.ReadPurgeTargetAsync(due, cancellationToken);
        if (target.Link is { StoredStatus: LinkStatus.Active } active)
        {
            // Purge rows for links are written only by the transaction that ends the link; an active link named by one
            // is kept, and the stray row dropped (the link gets its own row when it ends).
            Log.StrayPurgeRow(logger, due.CalendarId, active.LinkId);
            await store.DeletePurgeIndexAsync(due, cancellationToken);
            return false;
        }

        // Retention counts from when the link ended, but a booking may lie further ahead than that (horizons reach a
        // year): its record must outlive the appointment.
        if (target.Bookings.Count > 0)
        {
            var keepUntil = target.Bookings.Max(b => b.RelevantUntil) + retention.Value.EndedLinks;
            if (keepUntil > run.Now)
            {
                await store.ReschedulePurgeAsync(due, keepUntil, cancellationToken);
                return false;
            }
        }

        return await store.DeletePurgeTargetAsync(target, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(5, LogLevel.Warning, "A purge row of calendar {CalendarId} names link {LinkId}, which is active; the row is dropped, the link kept.")]
        public static partial void StrayPurgeRow(ILogger logger, string calendarId, string linkId);
    }
}
