using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Functions.Bookings;
using OneTimeLinks.Functions.Pages;

namespace OneTimeLinks.Functions.InviteeManage;

/// <summary>
/// The invitee's manage URL (<c>/api/m/{token}</c>, a second capability, independent of the link's): see the booking,
/// cancel it or move it. Anonymous; opening changes nothing. Browsers get pages and plain forms (303 to the result, no
/// script needed), API clients JSON.
/// </summary>
public sealed class ManageFunctions(IBookingChangeService bookings, InviteePages pages)
{
    [Function("OpenManage")]
    public async Task<IResult> OpenAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HostConventions.ManageRouteSegment + "/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.Vary = "Accept";
        var outcome = await bookings.OpenManageAsync(token, cancellationToken);
        if (ContentNegotiation.PrefersHtml(request))
        {
            return outcome is ManageBookingOutcome.View view
                ? pages.Manage(PageRequest.FromQuery(request), view, token, ManageNoticeQuery.Read(request))
                : pages.NotFound(PageRequest.FromQuery(request));
        }

        return outcome is ManageBookingOutcome.View found
            ? TypedResults.Ok(ManageResponse.From(found))
            : Problems.NotFound("There is no such booking.");
    }

    [Function("CancelManagedBooking")]
    public async Task<IResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = HostConventions.ManageRouteSegment + "/{token}/cancel")] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        await ChangeAsync(
            request,
            token,
            ManagePageNotice.Canceled,
            form => bookings.CancelByInviteeAsync(token, form.IdempotencyKey, cancellationToken),
            async idempotencyKey => BookingChangeJsonResults.From(await bookings.CancelByInviteeAsync(token, idempotencyKey, cancellationToken)),
            cancellationToken);

    [Function("RescheduleManagedBooking")]
    public async Task<IResult> RescheduleAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = HostConventions.ManageRouteSegment + "/{token}/reschedule")] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        await ChangeAsync(
            request,
            token,
            ManagePageNotice.Rescheduled,
            form => bookings.RescheduleByInviteeAsync(token, new RescheduleBookingRequest(form.Request.Start), form.IdempotencyKey, cancellationToken),
            async idempotencyKey =>
            {
                var (body, problem) = await HttpJson.ReadAsync<RescheduleBookingRequest>(request, allowEmpty: false, cancellationToken);
                return problem ?? BookingChangeJsonResults.From(
                    await bookings.RescheduleByInviteeAsync(token, body, idempotencyKey, cancellationToken));
            },
            cancellationToken);

    /// <summary>
    /// A change by the invitee: a form POST answers with pages (<see cref="FormAsync"/>); an API call needs a well-formed
    /// Idempotency-Key (or none) before <paramref name="byApi"/> runs with it.
    /// </summary>
    private async Task<IResult> ChangeAsync(
        HttpRequest request,
        string token,
        ManagePageNotice done,
        Func<BookingForm, Task<ChangeBookingOutcome>> byForm,
        Func<string?, Task<IResult>> byApi,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BookingForm.IsForm(request))
        {
            return await FormAsync(request, token, done, byForm, cancellationToken);
        }

        return Requests.TryGetIdempotencyKey(request, out var idempotencyKey)
            ? await byApi(idempotencyKey)
            : Problems.InvalidIdempotencyKey();
    }

    /// <summary>A form POST: read the form (400/413 page when unreadable), make the change, answer with a page.</summary>
    private async Task<IResult> FormAsync(
        HttpRequest request, string token, ManagePageNotice done, Func<BookingForm, Task<ChangeBookingOutcome>> change, CancellationToken cancellationToken)
    {
        var (form, failure) = await BookingForm.ReadAsync(request, cancellationToken);
        return form is null
            ? pages.BadRequest(PageRequest.FromQuery(request), failure)
            : await PageAsync(await change(form), form.PageRequest(request), token, done, cancellationToken);
    }

    /// <summary>A change answers 303 to the manage page; anything else shows the manage page again with what went wrong.</summary>
    private async Task<IResult> PageAsync(
        ChangeBookingOutcome outcome, PageRequest request, string token, ManagePageNotice done, CancellationToken cancellationToken)
    {
        var (notice, status) = outcome switch
        {
            ChangeBookingOutcome.Changed changed => (done, StatusCodes.Status303SeeOther),
            ChangeBookingOutcome.Invalid => (ManagePageNotice.NoTimeChosen, StatusCodes.Status422UnprocessableEntity),
            ChangeBookingOutcome.NotFree => (ManagePageNotice.NotFree, StatusCodes.Status409Conflict),
            ChangeBookingOutcome.TooLate or ChangeBookingOutcome.AlreadyCanceled => (ManagePageNotice.TooLate, StatusCodes.Status409Conflict),
            ChangeBookingOutcome.Busy or ChangeBookingOutcome.IdempotencyKeyReused => (ManagePageNotice.Busy, StatusCodes.Status409Conflict),
            ChangeBookingOutcome.NotFound => (ManagePageNotice.None, StatusCodes.Status404NotFound),
            var other => throw new UnmappedOutcomeException(other),
        };

        if (outcome is ChangeBookingOutcome.Changed success)
        {
            return pages.SeeOtherToManage(request, token, success.Calendar, done);
        }

        return status != StatusCodes.Status404NotFound && await bookings.OpenManageAsync(token, cancellationToken) is ManageBookingOutcome.View view
            ? pages.Manage(request, view, token, notice, status)
            : pages.NotFound(request);
    }
}
