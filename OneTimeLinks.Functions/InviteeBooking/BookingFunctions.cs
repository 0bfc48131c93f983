using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Validation;
using OneTimeLinks.Functions.Pages;

namespace OneTimeLinks.Functions.InviteeBooking;

/// <summary>
/// The invitee's routes. Anonymous: the token in the path is the capability. Opening never changes state (mail
/// scanners and link previews open links before people do); only the POST books. Browsers get HTML pages
/// (<see cref="BookingHtmlResults"/>), API clients JSON (<see cref="BookingJsonResults"/>).
/// </summary>
public sealed class BookingFunctions(IBookingService bookings, BookingHtmlResults html)
{
    [Function("OpenLink")]
    public async Task<IResult> OpenAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HostConventions.LinkRouteSegment + "/{token}")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.Vary = "Accept";
        DateTimeOffset? from = null;
        if (request.Query.ContainsKey("from"))
        {
            var errors = new FieldErrors();
            from = InputRules.ParseInstant(request.Query["from"].FirstOrDefault(), "from", errors);
            if (from is null)
            {
                return Problems.Validation(errors);
            }
        }

        var outcome = await bookings.OpenAsync(token, from, Requests.TryGetInt(request, "duration", out var duration) ? duration : null, cancellationToken);
        return ContentNegotiation.PrefersHtml(request)
            ? html.Open(outcome, PageRequest.FromQuery(request), token)
            : BookingJsonResults.Open(outcome, PageRequest.FromQuery(request));
    }

    [Function("BookLink")]
    public async Task<IResult> BookAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = HostConventions.LinkRouteSegment + "/{token}/book")] HttpRequest request,
        string token,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BookingForm.IsForm(request))
        {
            var (form, failure) = await BookingForm.ReadAsync(request, cancellationToken);
            if (form is null)
            {
                return html.Unreadable(PageRequest.FromQuery(request), failure);
            }

            var outcome = await bookings.BookAsync(token, form.Request with { Utm = Utm(request) }, form.IdempotencyKey, cancellationToken);
            return await html.BookAsync(outcome, form, form.PageRequest(request) with { Utm = Utm(request) }, token, cancellationToken);
        }

        if (!Requests.TryGetIdempotencyKey(request, out var idempotencyKey))
        {
            return Problems.InvalidIdempotencyKey();
        }

        var (body, problem) = await HttpJson.ReadAsync<BookingRequest>(request, allowEmpty: false, cancellationToken);
        return problem ?? BookingJsonResults.Book(await bookings.BookAsync(token, body! with { Utm = Utm(request) }, idempotencyKey, cancellationToken));
    }

    /// <summary>The page's form posts to the book URL with the <c>utm_*</c> parameters the link was opened with.</summary>
    private static IReadOnlyDictionary<string, string>? Utm(HttpRequest request) =>
        UtmParameters.From(request.Query.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value.FirstOrDefault())));

    /// <summary>The booking page's confirmation (the 303 target). Reads the booking, so it works after the link is used.</summary>
    [Function("BookingConfirmation")]
    public async Task<IResult> ConfirmationAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HostConventions.LinkRouteSegment + "/{token}/bookings/{bookingId}")] HttpRequest request,
        string token,
        string bookingId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return html.Confirmation(await bookings.GetBookingAsync(token, bookingId, cancellationToken), PageRequest.FromQuery(request), token);
    }

    /// <summary>The booking as an iCalendar file, to add to the invitee's own calendar.</summary>
    [Function("BookingCalendarFile")]
    public async Task<IResult> CalendarFileAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HostConventions.LinkRouteSegment + "/{token}/bookings/{bookingId}/ics")] HttpRequest request,
        string token,
        string bookingId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return html.CalendarFile(await bookings.GetBookingAsync(token, bookingId, cancellationToken), PageRequest.FromQuery(request));
    }
}
