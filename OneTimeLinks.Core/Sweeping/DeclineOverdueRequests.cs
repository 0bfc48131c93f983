using Microsoft.Extensions.Logging;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Sweeping;

/// <summary>
/// Sweep step 1, for the expiry rows that name a booking: declines a pending request whose confirmation deadline has
/// passed (reason "deadline"), freeing its time. The decline is the owner's transaction, conditional on the booking's
/// version, so a confirm or decline racing the sweep ends in one outcome; the event is published synchronously.
/// </summary>
internal sealed partial class DeclineOverdueRequests(
    IBookingDeadlines deadlines,
    ISweepStore store,
    OutboxEventDispatcher dispatcher,
    ILogger<DeclineOverdueRequests> logger)
{
    /// <summary>Declines the request the row names; true when this sweep's transaction declined it.</summary>
    public async Task<bool> RunAsync(DueExpiry due, SweepRun run, CancellationToken cancellationToken)
    {
        var bookingId = due.BookingId ?? throw new ArgumentException("Not a confirmation deadline.", nameof(due));
        switch (await deadlines.DeclineOverdueAsync(due.CalendarId, bookingId, dispatcher, cancellationToken))
        {
            case DeadlineOutcome.Declined:
                Log.Declined(logger, due.CalendarId, bookingId);
                return true;
            case DeadlineOutcome.NotPending:
                // Confirmed, declined or canceled since the row was read: that transaction removed the row already (a
                // 404 here is success), or it is a leftover naming nothing.
                await store.DeleteExpiryIndexAsync(due, cancellationToken);
                return false;
            case DeadlineOutcome.Busy:
                run.Incomplete = true;
                return false;
            default:
                return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Declined booking request {BookingId} of calendar {CalendarId}: its confirmation deadline passed.")]
        public static partial void Declined(ILogger logger, string calendarId, string bookingId);
    }
}
