using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Core.Bookings;

internal enum DeadlineOutcome
{
    /// <summary>This call declined the request (its event published through the given dispatcher).</summary>
    Declined,

    /// <summary>The booking is no longer a pending request (or is gone): the deadline row names nothing to do.</summary>
    NotPending,

    /// <summary>The request is pending but its deadline has not passed: leave the row.</summary>
    NotDue,

    /// <summary>The booking kept changing: the next run tries again.</summary>
    Busy,
}

/// <summary>The sweep's side of owner approval: declining a request whose confirmation deadline has passed.</summary>
internal interface IBookingDeadlines
{
    /// <summary>
    /// Declines the request with reason "deadline" in the same conditional transaction an owner's decline uses, so the
    /// owner's confirm or decline racing it ends in one outcome and one event.
    /// </summary>
    Task<DeadlineOutcome> DeclineOverdueAsync(string calendarId, string bookingId, IEventDispatcher publisher, CancellationToken cancellationToken);
}
