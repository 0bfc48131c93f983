using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Bookings;

/// <summary>The body of a cancel, from the organiser (CRM) or the invitee (manage page).</summary>
public sealed record CancelBookingRequest(string? Reason);

/// <summary>The owner's decline of a request: why (optional), and whether the invitee's link gets its use back.</summary>
public sealed record DeclineBookingRequest(string? Reason, bool? ReopenLink);

/// <summary>The owner marks whether the invitee came: showed, noShow or unknown, with an optional note.</summary>
public sealed record AttendanceRequest(string? Status, string? Note);

/// <summary>The body of a reschedule: the new start, RFC 3339 with an offset.</summary>
public sealed record RescheduleBookingRequest(string? Start);

public abstract record ChangeBookingOutcome
{
    /// <summary>The booking as it now is; <see cref="Unchanged"/> when it already was so (a repeat, or a replayed key).</summary>
    public sealed record Changed(BookableCalendar Calendar, Booking Booking, bool Unchanged) : ChangeBookingOutcome;

    /// <summary>Unknown calendar or booking, or a manage token that does not match: indistinguishable on purpose.</summary>
    public sealed record NotFound : ChangeBookingOutcome;

    public sealed record Invalid(FieldErrors Errors) : ChangeBookingOutcome, IInvalidOutcome;

    /// <summary>The new time is not free (busy time, another booking, buffers, day limit) or not a time the calendar offers.</summary>
    public sealed record NotFree(BookableCalendar Calendar, Booking Booking) : ChangeBookingOutcome;

    /// <summary>A canceled booking cannot be moved.</summary>
    public sealed record AlreadyCanceled(BookableCalendar Calendar, Booking Booking) : ChangeBookingOutcome;

    /// <summary>Past the calendar's change notice: the invitee can no longer change the booking themselves.</summary>
    public sealed record TooLate(BookableCalendar Calendar, Booking Booking) : ChangeBookingOutcome;

    public sealed record IdempotencyKeyReused(BookableCalendar Calendar, Booking Booking) : ChangeBookingOutcome;

    /// <summary>Concurrent writers kept changing the booking or its dates; nothing was changed and a retry may succeed.</summary>
    public sealed record Busy(BookableCalendar Calendar, Booking Booking) : ChangeBookingOutcome;

    /// <summary>Confirm or decline of a booking that is not a pending request (confirmed, declined, canceled).</summary>
    public sealed record NotPending(BookableCalendar Calendar, Booking Booking) : ChangeBookingOutcome;

    /// <summary>A declined request cannot be canceled or moved.</summary>
    public sealed record AlreadyDeclined(BookableCalendar Calendar, Booking Booking) : ChangeBookingOutcome;

    /// <summary>Attendance is marked only on a confirmed booking whose start has passed.</summary>
    public sealed record AttendanceNotAllowed(BookableCalendar Calendar, Booking Booking) : ChangeBookingOutcome;

    /// <summary>The sweep found a request whose deadline has not passed yet (only the sweep sees this).</summary>
    internal sealed record NotDue(BookableCalendar Calendar, Booking Booking) : ChangeBookingOutcome;
}

public abstract record ManageBookingOutcome
{
    /// <summary>The booking, whether the invitee may still change it, and the times it could move to.</summary>
    public sealed record View(BookableCalendar Calendar, Booking Booking, bool CanChange, IReadOnlyList<Slot> Slots) : ManageBookingOutcome;

    public sealed record NotFound : ManageBookingOutcome;
}

/// <summary>One page of a calendar's bookings by start; the token (opaque to callers) asks for the next one.</summary>
public sealed record BookingPage(IReadOnlyList<Booking> Bookings, string? ContinuationToken);

public abstract record ListBookingsOutcome
{
    public sealed record Listed(BookableCalendar Calendar, BookingPage Page) : ListBookingsOutcome;

    public sealed record Invalid(FieldErrors Errors) : ListBookingsOutcome, IInvalidOutcome;

    public sealed record CalendarNotFound : ListBookingsOutcome, ICalendarNotFoundOutcome;
}
