using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Core.Bookings;

/// <summary>
/// After the booking: the organiser (through the CRM) and the invitee (through the manage URL) read, cancel and
/// reschedule it.
/// </summary>
public interface IBookingChangeService
{
    Task<(BookableCalendar Calendar, Booking Booking)?> GetAsync(string calendarId, string bookingId, CancellationToken cancellationToken = default);

    Task<ListBookingsOutcome> ListAsync(
        string calendarId, string? from, string? to, string? status, int? pageSize, string? continuationToken, string? attendance = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The organiser cancels: at any time; repeating it changes nothing. The event names who canceled (the API, or an
    /// owner in the panel).
    /// </summary>
    Task<ChangeBookingOutcome> CancelAsync(
        string calendarId, string bookingId, CancelBookingRequest? request, EventActor actor, CancellationToken cancellationToken = default);

    /// <summary>The organiser moves the booking: notice and horizon do not apply (the owner decides), overlap always does.</summary>
    Task<ChangeBookingOutcome> RescheduleAsync(
        string calendarId, string bookingId, RescheduleBookingRequest? request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The owner confirms a pending request, named in the event; anything else is <see cref="ChangeBookingOutcome.NotPending"/>.
    /// </summary>
    Task<ChangeBookingOutcome> ConfirmAsync(string calendarId, string bookingId, EventActor actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// The owner declines a pending request, named in the event: its time is free at once; with reopenLink the link gets
    /// its use back.
    /// </summary>
    Task<ChangeBookingOutcome> DeclineAsync(
        string calendarId, string bookingId, DeclineBookingRequest? request, EventActor actor, CancellationToken cancellationToken = default);

    /// <summary>The owner marks attendance of a confirmed booking whose start has passed; the same status again changes nothing.</summary>
    Task<ChangeBookingOutcome> MarkAttendanceAsync(
        string calendarId, string bookingId, AttendanceRequest? request, CancellationToken cancellationToken = default);

    /// <summary>The invitee's manage page: read only, however often it is opened.</summary>
    Task<ManageBookingOutcome> OpenManageAsync(string token, CancellationToken cancellationToken = default);

    Task<ChangeBookingOutcome> CancelByInviteeAsync(string token, string? idempotencyKey, CancellationToken cancellationToken = default);

    Task<ChangeBookingOutcome> RescheduleByInviteeAsync(
        string token, RescheduleBookingRequest? request, string? idempotencyKey, CancellationToken cancellationToken = default);
}
