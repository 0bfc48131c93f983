using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Bookings;

public abstract record OpenLinkOutcome
{
    /// <summary>A live link, with <see cref="Durations"/> the lengths the invitee may choose among.</summary>
    /// <param name="Calendar">The calendar as this link offers it: its slot length the chosen duration, its name the link's title.</param>
    /// <param name="Link">The link as read.</param>
    /// <param name="Slots">One page of free slots.</param>
    /// <param name="NextFrom">Where the next page of slots starts (<see cref="SlotWindow"/>); null at the end of what the link offers.</param>
    public sealed record Open(BookableCalendar Calendar, Link Link, IReadOnlyList<Slot> Slots, DateTimeOffset? NextFrom = null) : OpenLinkOutcome
    {
        public IReadOnlyList<int> Durations { get; init; } = [];
    }

    /// <summary>Used, expired or revoked: the invitee is told which, and whom to contact.</summary>
    public sealed record Dead(BookableCalendar Calendar, Link Link, LinkStatus Status) : OpenLinkOutcome;

    /// <summary>Unknown or malformed token; deliberately indistinguishable from each other.</summary>
    public sealed record NotFound : OpenLinkOutcome;
}

public abstract record BookLinkOutcome
{
    public sealed record Booked(BookableCalendar Calendar, Link Link, Booking Booking, bool Replayed) : BookLinkOutcome
    {
        /// <summary>
        /// The invitee's manage URL (with its raw token), only in the answer to the request that booked: storage keeps
        /// just the token's hash, so a replay cannot show it again.
        /// </summary>
        public string? ManageUrl { get; init; }

        public CapabilityToken? Manage { get; init; }
    }

    public sealed record Dead(BookableCalendar Calendar, Link Link, LinkStatus Status) : BookLinkOutcome;

    /// <summary>The slot is taken or not offered; the link is untouched and still usable.</summary>
    public sealed record SlotUnavailable(BookableCalendar Calendar, Link Link) : BookLinkOutcome;

    public sealed record Invalid(BookableCalendar Calendar, Link Link, FieldErrors Errors) : BookLinkOutcome, IInvalidOutcome;

    /// <summary>The Idempotency-Key was used before with a different body.</summary>
    public sealed record IdempotencyKeyReused(BookableCalendar Calendar, Link Link) : BookLinkOutcome;

    /// <summary>Concurrent writers kept changing the link; nothing was booked and a retry may succeed.</summary>
    public sealed record Busy(BookableCalendar Calendar, Link Link) : BookLinkOutcome;

    public sealed record NotFound : BookLinkOutcome;
}
