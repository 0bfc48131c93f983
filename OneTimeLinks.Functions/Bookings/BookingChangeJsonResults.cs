using OneTimeLinks.Core.Bookings;

namespace OneTimeLinks.Functions.Bookings;

/// <summary>The JSON answers to a cancel or reschedule, the same for the organiser's and the invitee's routes.</summary>
internal static class BookingChangeJsonResults
{
    public static IResult From(ChangeBookingOutcome outcome) => outcome switch
    {
        ChangeBookingOutcome.Changed changed => TypedResults.Ok(BookingDetailsResponse.From(changed.Calendar, changed.Booking)),
        ChangeBookingOutcome.NotFound => Problems.NotFound("There is no such booking."),
        ChangeBookingOutcome.NotFree => Problems.Conflict(
            "Time not free", "That time is not free or not offered; the booking is unchanged.", "time-not-free"),
        ChangeBookingOutcome.AlreadyCanceled => Problems.Conflict(
            "Booking canceled", "The booking is canceled and cannot be moved.", "booking-canceled"),
        ChangeBookingOutcome.TooLate tooLate => Problems.Conflict(
            "Too late to change",
            "This booking can no longer be changed here; please contact the organiser.",
            "change-too-late",
            new Dictionary<string, object?> { ["contactMessage"] = tooLate.Calendar.ContactMessage }),
        ChangeBookingOutcome.IdempotencyKeyReused => Problems.Unprocessable(
            "Idempotency-Key reused", "This Idempotency-Key was already used with a different request.", "idempotency-key-reused"),
        ChangeBookingOutcome.Busy => Problems.Conflict(
            "Booking busy", "The booking or its day kept changing while saving; nothing was changed. Please try again.", "booking-busy"),
        ChangeBookingOutcome.NotPending notPending => Problems.Conflict(
            "Booking not pending",
            $"The booking is {notPending.Booking.Status.ToWireName()}, not a pending request; only a pending request can be confirmed or declined.",
            "booking-not-pending",
            StatusOf(notPending.Booking)),
        ChangeBookingOutcome.AlreadyDeclined => Problems.Conflict(
            "Booking declined", "The booking request was declined and cannot be changed.", "booking-declined"),
        ChangeBookingOutcome.AttendanceNotAllowed notAllowed => Problems.Conflict(
            "Attendance not allowed",
            "Attendance can be marked only on a confirmed booking whose start has passed.",
            "attendance-not-allowed",
            StatusOf(notAllowed.Booking)),
        var other => Problems.ForOutcome(other),
    };

    /// <summary>The problem's extension for a change the booking's status does not allow, so a client can show why.</summary>
    private static Dictionary<string, object?> StatusOf(Booking booking) => new() { ["bookingStatus"] = booking.Status.ToWireName() };
}
