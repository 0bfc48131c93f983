using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using OneTimeLinks.Core.Booking;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Functions.Http;
using OneTimeLinks.Functions.Pages;

namespace OneTimeLinks.Functions.Booking;

/// <summary>
/// The invitee's routes. Anonymous: the token in the path is the capability. Opening never changes state (mail
/// scanners and link previews open links before people do); only the POST books. Browsers get HTML pages (see
/// <see cref="BookingPages"/>), API clients JSON.
/// </summary>
public sealed class BookingFunctions(BookingService bookings, BookingPages pages)
{
    [Function("OpenLink")]
    public async Task<IResult> OpenAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "l/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.Vary = "Accept";
        var outcome = await bookings.OpenAsync(token, cancellationToken);
        if (ContentNegotiation.PrefersHtml(request))
        {
            return outcome switch
            {
                OpenLinkOutcome.Open open => pages.Booking(
                    new BookingPageModel(open.Calendar, open.Link, open.Slots, token, request.Query["tz"].FirstOrDefault())),
                OpenLinkOutcome.Dead dead => pages.DeadLink(dead.Calendar, dead.Link, dead.Status),
                OpenLinkOutcome.NotFound => pages.NotFound(),
                var other => throw new UnmappedOutcomeException(other),
            };
        }

        return outcome switch
        {
            OpenLinkOutcome.Open open => TypedResults.Ok(new OpenLinkResponse(
                LinkStatus.Active.ToWireName(),
                new OpenLinkCalendar(open.Calendar.Name, open.Calendar.TimeZone),
                open.Link.ExpiresAt,
                open.Link.Contact is { } c && (c.Name ?? c.Email) is not null ? new OpenLinkContact(c.Name, c.Email) : null,
                open.Slots.Select(s => new SlotResponse(s.Start, s.End)).ToList())),
            OpenLinkOutcome.Dead dead => DeadLink(dead.Status, dead.Calendar),
            OpenLinkOutcome.NotFound => Problems.NotFound(DeadLinkText.NotFoundDetail),
            var other => throw new UnmappedOutcomeException(other),
        };
    }

    [Function("BookLink")]
    public async Task<IResult> BookAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "l/{token}/book")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BookingForm.IsForm(request))
        {
            return await BookFromFormAsync(request, token, cancellationToken);
        }

        if (!Requests.TryGetIdempotencyKey(request, out var idempotencyKey))
        {
            return Problems.BadRequest("Idempotency-Key must be one header of 8 to 255 visible ASCII characters.");
        }

        var (body, problem) = await HttpJson.ReadAsync<BookingRequest>(request, allowEmpty: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return await bookings.BookAsync(token, body, idempotencyKey, cancellationToken) switch
        {
            BookLinkOutcome.Booked booked => TypedResults.Created(
                (string?)null, BookingResponse.From(booked.Calendar, booked.Booking)),
            BookLinkOutcome.Dead dead => DeadLink(dead.Status, dead.Calendar),
            BookLinkOutcome.SlotUnavailable => Problems.Conflict(
                "Slot not available",
                "That time is no longer available. Please choose another; this link is still valid.",
                "slot-unavailable"),
            BookLinkOutcome.Invalid invalid => Problems.Validation(invalid.Errors),
            BookLinkOutcome.IdempotencyKeyReused => Problems.Unprocessable(
                "Idempotency-Key reused",
                "This Idempotency-Key was already used with a different request body.",
                "idempotency-key-reused"),
            BookLinkOutcome.Busy => Problems.Conflict(
                "Link busy", "The link changed while booking; nothing was booked. Please try again.", "link-busy"),
            BookLinkOutcome.NotFound => Problems.NotFound(DeadLinkText.NotFoundDetail),
            var other => throw new UnmappedOutcomeException(other),
        };
    }

    /// <summary>The booking page's confirmation (the 303 target). Reads the booking, so it works after the link is used.</summary>
    [Function("BookingConfirmation")]
    public async Task<IResult> ConfirmationAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "l/{token}/bookings/{bookingId}")] HttpRequest request,
        string token,
        string bookingId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await bookings.GetBookingAsync(token, bookingId, cancellationToken) is { } found
            ? pages.Confirmation(found.Calendar, found.Booking, token, request.Query["tz"].FirstOrDefault())
            : pages.NotFound();
    }

    /// <summary>The booking as an iCalendar file, to add to the invitee's own calendar.</summary>
    [Function("BookingCalendarFile")]
    public async Task<IResult> CalendarFileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "l/{token}/bookings/{bookingId}/ics")] HttpRequest request,
        string token,
        string bookingId,
        CancellationToken cancellationToken) =>
        await bookings.GetBookingAsync(token, bookingId, cancellationToken) is { } found
            ? pages.CalendarFile(found.Calendar, found.Booking)
            : pages.NotFound();

    /// <summary>
    /// The HTML form: a booking answers 303 to its confirmation; a replay of the same form (refresh, resubmit, double
    /// click) replays to the same confirmation; anything else shows a page with what to do next.
    /// </summary>
    private async Task<IResult> BookFromFormAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        var (form, failure) = await BookingForm.ReadAsync(request, cancellationToken);
        if (form is null)
        {
            return pages.BadRequest(failure, failure == StatusCodes.Status413PayloadTooLarge
                ? "The form was too large to read."
                : "The form could not be read.");
        }

        return await bookings.BookAsync(token, form.Request, form.IdempotencyKey, cancellationToken) switch
        {
            BookLinkOutcome.Booked booked => pages.SeeOtherToConfirmation(
                token, booked.Booking.BookingId, form.TimeZone, booked.Calendar.TimeZone),
            BookLinkOutcome.Dead dead => pages.DeadLink(dead.Calendar, dead.Link, dead.Status),
            BookLinkOutcome.SlotUnavailable => await ShowAgainAsync(token, form, null, BookingPageNotice.SlotTaken, StatusCodes.Status409Conflict, cancellationToken),
            BookLinkOutcome.Invalid invalid => await ShowAgainAsync(token, form, invalid.Errors, BookingPageNotice.Invalid, StatusCodes.Status422UnprocessableEntity, cancellationToken),
            BookLinkOutcome.IdempotencyKeyReused => await ShowAgainAsync(token, form, null, BookingPageNotice.AlreadySubmitted, StatusCodes.Status409Conflict, cancellationToken),
            BookLinkOutcome.Busy => await ShowAgainAsync(token, form, null, BookingPageNotice.Busy, StatusCodes.Status409Conflict, cancellationToken),
            BookLinkOutcome.NotFound => pages.NotFound(),
            var other => throw new UnmappedOutcomeException(other),
        };
    }

    /// <summary>The booking page again, with the slots still free now and the invitee's input kept.</summary>
    private async Task<IResult> ShowAgainAsync(
        string token, BookingForm form, Core.Validation.FieldErrors? errors, BookingPageNotice notice, int statusCode, CancellationToken cancellationToken) =>
        await bookings.OpenAsync(token, cancellationToken) switch
        {
            OpenLinkOutcome.Open open => pages.Booking(
                new BookingPageModel(open.Calendar, open.Link, open.Slots, token, form.TimeZone, form.Request, errors, notice), statusCode),
            OpenLinkOutcome.Dead dead => pages.DeadLink(dead.Calendar, dead.Link, dead.Status),
            OpenLinkOutcome.NotFound => pages.NotFound(),
            var other => throw new UnmappedOutcomeException(other),
        };

    private static IResult DeadLink(LinkStatus status, Core.Calendars.Calendar calendar) =>
        Problems.Gone(
            DeadLinkText.Title(status),
            DeadLinkText.Detail(status, calendar),
            $"link-{status.ToWireName()}",
            new Dictionary<string, object?>
            {
                // Not "status": RFC 9457 reserves that member for the HTTP status code, and a second one would be a duplicate key.
                ["linkStatus"] = status.ToWireName(),
                ["contactMessage"] = calendar.ContactMessage,
            });
}
