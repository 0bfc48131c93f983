using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Sweeping;

/// <summary>
/// Sweep step 3: publishes events a request left in the outbox, after a grace period and under a version-conditional
/// claim, so two sweeps never publish the same event at once.
/// </summary>
internal sealed partial class RedeliverPendingEvents(
    IOutboxStore outbox,
    EventChannels channels,
    IOptions<SweepOptions> options,
    ILogger<RedeliverPendingEvents> logger)
{
    /// <summary>
    /// Pending events old enough to redeliver. Younger events may still be on their way out through the request that
    /// wrote them; a live claim means another sweep is publishing that event right now.
    /// </summary>
    public IAsyncEnumerable<PendingOutboxEvent> GetDueAsync(string calendarId, SweepRun run, CancellationToken cancellationToken)
    {
        var notBefore = run.Now - options.Value.RedeliveryDelay;
        return outbox.GetPendingAsync(calendarId, cancellationToken)
            .Where(p => p.Event.Time <= notBefore && !IsClaimedElsewhere(p, run));
    }

    /// <summary>Publishes one pending event under a claim, then removes it; true when this sweep published it.</summary>
    public async Task<bool> RunAsync(PendingOutboxEvent pending, SweepRun run, CancellationToken cancellationToken)
    {
        if (await outbox.TryClaimAsync(pending, run.Now + options.Value.RedeliveryClaim, cancellationToken) is null)
        {
            return false;
        }

        // Same event id as the original attempt, on both channels: consumers and Service Bus duplicate detection drop a
        // repeat, and the webhook fan-out creates each delivery once per event id.
        await channels.PublishAsync([pending.Event], cancellationToken);
        await outbox.DeleteAsync([pending.Event], cancellationToken);
        Log.EventRedelivered(logger, pending.Event.CalendarId, pending.Event.Id, pending.Event.Type);
        return true;
    }

    /// <summary>Another sweep is publishing it; should that one fail, this calendar's hint must bring a run back.</summary>
    private static bool IsClaimedElsewhere(PendingOutboxEvent pending, SweepRun run)
    {
        var claimed = pending.ClaimedUntil > run.Now;
        run.Incomplete |= claimed;
        return claimed;
    }

    private static partial class Log
    {
        [LoggerMessage(6, LogLevel.Information, "Redelivered event {EventId} ({EventType}) of calendar {CalendarId}.")]
        public static partial void EventRedelivered(ILogger logger, string calendarId, string eventId, string eventType);
    }
}
