using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Functions.Bookings;

namespace OneTimeLinks.Functions.CrmBookings;

/// <summary>
/// The CRM's side of bookings after they are made: list, read, cancel, reschedule, confirm or decline a request, mark
/// attendance. All need a function key.
/// </summary>
public sealed class CrmBookingFunctions(IBookingChangeService bookings)
{
    [Function("ListBookings")]
    public Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "calendars/{calendarId}/bookings")] HttpRequest request,
        string calendarId,
        CancellationToken cancellationToken) =>
        Requests.WithPageSize(request, async pageSize =>
        {
            var query = request.Query;
            return await bookings.ListAsync(
                calendarId, query["from"].FirstOrDefault(), query["to"].FirstOrDefault(), query["status"].FirstOrDefault(), pageSize,
                query["continuation"].FirstOrDefault(), query["attendance"].FirstOrDefault(), cancellationToken) switch
            {
                ListBookingsOutcome.Listed listed => TypedResults.Ok(new BookingListResponse(
                    [.. listed.Page.Bookings.Select(b => BookingDetailsResponse.From(listed.Calendar, b))], listed.Page.ContinuationToken)),
                var other => Problems.ForOutcome(other, calendarId),
            };
        });

    [Function("GetBooking")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "calendars/{calendarId}/bookings/{bookingId}")] HttpRequest request,
        string calendarId,
        string bookingId,
        CancellationToken cancellationToken) =>
        await bookings.GetAsync(calendarId, bookingId, cancellationToken) is { } found
            ? TypedResults.Ok(BookingDetailsResponse.From(found.Calendar, found.Booking))
            : Problems.NotFound($"Calendar '{calendarId}' has no booking '{bookingId}'.");

    [Function("CancelBooking")]
    public Task<IResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendars/{calendarId}/bookings/{bookingId}/cancel")] HttpRequest request,
        string calendarId,
        string bookingId,
        CancellationToken cancellationToken) =>
        ChangeAsync<CancelBookingRequest>(
            request, allowEmpty: true, body => bookings.CancelAsync(calendarId, bookingId, body, EventActor.Api, cancellationToken), cancellationToken);

    [Function("RescheduleBooking")]
    public Task<IResult> RescheduleAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendars/{calendarId}/bookings/{bookingId}/reschedule")] HttpRequest request,
        string calendarId,
        string bookingId,
        CancellationToken cancellationToken) =>
        ChangeAsync<RescheduleBookingRequest>(
            request, allowEmpty: false, body => bookings.RescheduleAsync(calendarId, bookingId, body, cancellationToken), cancellationToken);

    [Function("ConfirmBooking")]
    public async Task<IResult> ConfirmAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendars/{calendarId}/bookings/{bookingId}/confirm")] HttpRequest request,
        string calendarId,
        string bookingId,
        CancellationToken cancellationToken) =>
        BookingChangeJsonResults.From(await bookings.ConfirmAsync(calendarId, bookingId, EventActor.Api, cancellationToken));

    [Function("DeclineBooking")]
    public Task<IResult> DeclineAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendars/{calendarId}/bookings/{bookingId}/decline")] HttpRequest request,
        string calendarId,
        string bookingId,
        CancellationToken cancellationToken) =>
        ChangeAsync<DeclineBookingRequest>(
            request, allowEmpty: true, body => bookings.DeclineAsync(calendarId, bookingId, body, EventActor.Api, cancellationToken), cancellationToken);

    [Function("MarkBookingAttendance")]
    public Task<IResult> MarkAttendanceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendars/{calendarId}/bookings/{bookingId}/attendance")] HttpRequest request,
        string calendarId,
        string bookingId,
        CancellationToken cancellationToken) =>
        ChangeAsync<AttendanceRequest>(
            request, allowEmpty: false, body => bookings.MarkAttendanceAsync(calendarId, bookingId, body, cancellationToken), cancellationToken);

    /// <summary>Reads the change's body, then answers the change as every booking change is answered.</summary>
    private static async Task<IResult> ChangeAsync<TBody>(
        HttpRequest request, bool allowEmpty, Func<TBody?, Task<ChangeBookingOutcome>> change, CancellationToken cancellationToken)
        where TBody : class
    {
        var (body, problem) = await HttpJson.ReadAsync<TBody>(request, allowEmpty, cancellationToken);
        return problem ?? BookingChangeJsonResults.From(await change(body));
    }
}
