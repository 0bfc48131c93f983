using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using OneTimeLinks.Core.Booking;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Functions.Http;

namespace OneTimeLinks.Functions.Booking;

/// <summary>
/// The invitee's routes. Anonymous: the token in the path is the capability. Opening never changes state (mail
/// scanners and link previews open links before people do); only the POST books.
/// </summary>
public sealed class BookingFunctions(BookingService bookings)
{
    [Function("OpenLink")]
    public async Task<IResult> OpenAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "l/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        return await bookings.OpenAsync(token, cancellationToken) switch
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

    private static IResult DeadLink(LinkStatus status, Core.Calendars.Calendar calendar) =>
        Problems.Gone(
            DeadLinkText.Title(status),
            DeadLinkText.Detail(status, calendar),
            $"link-{status.ToWireName()}",
            new Dictionary<string, object?>
            {
                ["status"] = status.ToWireName(),
                ["contactMessage"] = calendar.ContactMessage,
            });
}
