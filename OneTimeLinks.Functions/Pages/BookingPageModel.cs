using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Functions.Pages;

/// <summary>Why the booking page is shown again after a POST; <see cref="None"/> on a plain GET.</summary>
public enum BookingPageNotice
{
    None,

    /// <summary>The chosen slot was taken meanwhile (or is no longer offered); HTTP 409.</summary>
    SlotTaken,

    /// <summary>Some fields are invalid; HTTP 422.</summary>
    Invalid,

    /// <summary>This form's idempotency key was already used with other details; HTTP 409.</summary>
    AlreadySubmitted,

    /// <summary>Concurrent writers kept the link busy and nothing was booked; HTTP 409.</summary>
    Busy,
}

/// <summary>What the booking page shows: a live link's calendar and one page of free slots (<see cref="NextFrom"/> starts the next), and, after a failed POST, the input.</summary>
public sealed record BookingPageModel(
    BookableCalendar Calendar,
    Link Link,
    IReadOnlyList<Slot> Slots,
    string Token,
    BookingRequest? Input = null,
    FieldErrors? Errors = null,
    BookingPageNotice Notice = BookingPageNotice.None,
    DateTimeOffset? NextFrom = null)
{
    /// <summary>The appointment lengths the link offers; a choice is shown when there is more than one.</summary>
    public IReadOnlyList<int> Durations { get; init; } = [];
}
