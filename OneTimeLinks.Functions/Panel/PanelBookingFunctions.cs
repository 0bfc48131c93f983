using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Functions.Pages.Panel;

namespace OneTimeLinks.Functions.Panel;

/// <summary>
/// The owner's panel, bookings (issue 24, part B): the requests waiting for an answer and the next 14 days, confirm,
/// decline and cancel (with a confirmation step). Plain pages and forms, 303 after a POST; every change goes through
/// <see cref="IBookingChangeService"/> as the CRM's routes do, naming the panel session as the actor, and a lost race
/// (already answered, already canceled) is a readable 409 page.
/// </summary>
public sealed class PanelBookingFunctions(PanelGate gate, PanelPages pages, IUpcomingBookingsService upcoming, IBookingChangeService bookings)
{
    private const string BookingsRoute = HostConventions.PanelRouteSegment + "/{token}/bookings";
    private const string BookingRoute = BookingsRoute + "/{bookingId}";

    [Function("OpenPanelBookings")]
    public Task<IResult> OpenAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = BookingsRoute)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        gate.GetAsync(request, token, context => BookingsPageAsync(request, context, cancellationToken), cancellationToken);

    [Function("ConfirmPanelBooking")]
    public Task<IResult> ConfirmAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = BookingRoute + "/confirm")] HttpRequest request,
        string token,
        string bookingId,
        CancellationToken cancellationToken) =>
        gate.PostAsync(
            request,
            token,
            async (context, _) => Answer(context, PanelBookingsNotice.Confirmed,
                await bookings.ConfirmAsync(context.Session.CalendarId, bookingId, context.Actor, cancellationToken)),
            cancellationToken);

    [Function("DeclinePanelBooking")]
    public Task<IResult> DeclineAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = BookingRoute + "/decline")] HttpRequest request,
        string token,
        string bookingId,
        CancellationToken cancellationToken) =>
        gate.PostAsync(
            request,
            token,
            async (context, form) =>
            {
                var decline = new DeclineBookingRequest(FormReader.Single(form, "reason"), FormReader.Single(form, "reopenLink") is not null);
                return Answer(context, PanelBookingsNotice.Declined,
                    await bookings.DeclineAsync(context.Session.CalendarId, bookingId, decline, context.Actor, cancellationToken));
            },
            cancellationToken);

    [Function("ConfirmPanelCancel")]
    public Task<IResult> ConfirmCancelAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = BookingRoute + "/cancel")] HttpRequest request,
        string token,
        string bookingId,
        CancellationToken cancellationToken) =>
        gate.GetAsync(
            request,
            token,
            async context => await bookings.GetAsync(context.Session.CalendarId, bookingId, cancellationToken) switch
            {
                null => NotFound(context),
                { Booking.Status: not BookingStatus.Confirmed } => AlreadyAnswered(context),
                { Booking: var booking } when PanelReturn.IsToLink(request) => PanelPages.Page(context, PanelBookingsCancelPage.Create(new PanelCancelView(
                    pages.Chrome(context, CancelPath(booking.BookingId), PanelReturn.ToLinkQuery), booking) { ToLink = true })),
                { Booking: var booking } => PanelPages.Page(context, PanelBookingsCancelPage.Create(new PanelCancelView(
                    pages.Chrome(context, CancelPath(booking.BookingId)), booking))),
            },
            cancellationToken);

    [Function("CancelPanelBooking")]
    public Task<IResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = BookingRoute + "/cancel")] HttpRequest request,
        string token,
        string bookingId,
        CancellationToken cancellationToken) =>
        gate.PostAsync(
            request,
            token,
            async (context, form) =>
            {
                var outcome = await bookings.CancelAsync(
                    context.Session.CalendarId, bookingId, new CancelBookingRequest(FormReader.Single(form, "reason")), context.Actor, cancellationToken);

                // Reached from the link's page: back there. The link is the canceled booking's own, never the request's.
                return PanelReturn.IsToLink(request) && outcome is ChangeBookingOutcome.Changed { Unchanged: false } changed
                    ? PanelPages.SeeOther(context, context.Url(PanelReturn.LinkPath(changed.Booking.LinkId), PanelNoticeQuery.Parameter(PanelLinkNotice.Canceled)))
                    : Answer(context, PanelBookingsNotice.Canceled, outcome);
            },
            cancellationToken);

    /// <summary>The requests (<c>?pendingAfter=</c> continues them) and the next 14 days (<c>?after=</c>), each a page.</summary>
    private async Task<IResult> BookingsPageAsync(HttpRequest request, PanelContext context, CancellationToken cancellationToken)
    {
        var pendingAfter = request.Query["pendingAfter"].FirstOrDefault();
        var after = request.Query["after"].FirstOrDefault();
        var pendingRead = upcoming.ListPendingAsync(context.Session.CalendarId, pendingAfter, cancellationToken);
        var upcomingRead = upcoming.ListUpcomingAsync(context.Session.CalendarId, after, cancellationToken);
        await Task.WhenAll(pendingRead, upcomingRead);
        if (await pendingRead is not UpcomingBookingsOutcome.Listed pending || await upcomingRead is not UpcomingBookingsOutcome.Listed next)
        {
            // A continuation the list cannot read (edited by hand); a calendar deleted meanwhile reads the same way.
            return pages.Problem(context, StatusCodes.Status400BadRequest, "Error.Title", "PanelBookings.BadPosition");
        }

        var morePending = pending.Page.ContinuationToken is { } p ? context.Url("/bookings", "pendingAfter=" + Uri.EscapeDataString(p)) : null;
        var moreUpcoming = next.Page.ContinuationToken is { } u ? context.Url("/bookings", "after=" + Uri.EscapeDataString(u)) : null;
        var notes = new Dictionary<string, string>(pending.LinkNotes, StringComparer.Ordinal);
        foreach (var (linkId, note) in next.LinkNotes)
        {
            notes[linkId] = note;
        }

        var view = new PanelBookingsView(
            pages.Chrome(context, "/bookings"), pending.Page.Bookings, morePending, next.Page.Bookings, moreUpcoming, next.To, notes,
            PanelNoticeQuery.Read<PanelBookingsNotice>(request));
        return PanelPages.Page(context, PanelBookingsPage.Create(view));
    }

    /// <summary>The page after an owner's answer: 303 back to the bookings, which say what was done, or why nothing changed.</summary>
    private IResult Answer(PanelContext context, PanelBookingsNotice done, ChangeBookingOutcome outcome) => outcome switch
    {
        ChangeBookingOutcome.Changed { Unchanged: false } => PanelPages.SeeOther(context, context.Url("/bookings", PanelNoticeQuery.Parameter(done))),
        ChangeBookingOutcome.Changed or ChangeBookingOutcome.NotPending or ChangeBookingOutcome.AlreadyCanceled or ChangeBookingOutcome.AlreadyDeclined =>
            AlreadyAnswered(context),
        ChangeBookingOutcome.NotFound => NotFound(context),
        ChangeBookingOutcome.Invalid => pages.Problem(context, StatusCodes.Status422UnprocessableEntity, "PanelBookings.Invalid.Title", "PanelBookings.Invalid.Text"),
        ChangeBookingOutcome.Busy => pages.Problem(context, StatusCodes.Status503ServiceUnavailable, "PanelBookings.Busy.Title", "PanelBookings.Busy.Text"),
        var other => throw new UnmappedOutcomeException(other),
    };

    private static string CancelPath(string bookingId) => "/bookings/" + Uri.EscapeDataString(bookingId) + "/cancel";

    /// <summary>409: someone (another tab, the CRM, the invitee, the deadline) answered or canceled it first.</summary>
    private IResult AlreadyAnswered(PanelContext context) =>
        pages.Problem(context, StatusCodes.Status409Conflict, "PanelBookings.Changed.Title", "PanelBookings.Changed.Text");

    private IResult NotFound(PanelContext context) =>
        pages.Problem(context, StatusCodes.Status404NotFound, "PanelBookings.NotFound.Title", "PanelBookings.NotFound.Text");
}
