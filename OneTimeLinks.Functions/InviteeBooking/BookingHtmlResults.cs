using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Validation;
using OneTimeLinks.Functions.Pages;

namespace OneTimeLinks.Functions.InviteeBooking;

/// <summary>
/// The browsers' answers to the invitee's routes: each booking outcome as its page. A failed form POST shows the
/// booking page again with the slots still free now and the invitee's input kept.
/// </summary>
public sealed class BookingHtmlResults(IBookingService bookings, InviteePages pages)
{
    public IResult Open(OpenLinkOutcome outcome, PageRequest request, string token) => outcome switch
    {
        OpenLinkOutcome.Open open => pages.Booking(request, new BookingPageModel(open.Calendar, open.Link, open.Slots, token, NextFrom: open.NextFrom) { Durations = open.Durations }),
        OpenLinkOutcome.Dead dead => pages.DeadLink(request, dead.Calendar, dead.Link, dead.Status),
        OpenLinkOutcome.NotFound => pages.NotFound(request),
        var other => throw new UnmappedOutcomeException(other),
    };

    /// <summary>
    /// A booking answers 303 to its confirmation; a replay of the same form (refresh, resubmit, double click)
    /// replays to the same confirmation; anything else shows a page with what to do next.
    /// </summary>
    internal async Task<IResult> BookAsync(BookLinkOutcome outcome, BookingForm form, PageRequest request, string token, CancellationToken cancellationToken) =>
        outcome switch
        {
            BookLinkOutcome.Booked booked => pages.SeeOtherToConfirmation(request, token, booked.Booking.BookingId, booked.Calendar, booked.Manage),
            BookLinkOutcome.Dead dead => pages.DeadLink(request, dead.Calendar, dead.Link, dead.Status),
            BookLinkOutcome.SlotUnavailable => await ShowAgainAsync(token, form, request, null, BookingPageNotice.SlotTaken, StatusCodes.Status409Conflict, cancellationToken),
            BookLinkOutcome.Invalid invalid => await ShowAgainAsync(token, form, request, invalid.Errors, BookingPageNotice.Invalid, StatusCodes.Status422UnprocessableEntity, cancellationToken),
            BookLinkOutcome.IdempotencyKeyReused => await ShowAgainAsync(token, form, request, null, BookingPageNotice.AlreadySubmitted, StatusCodes.Status409Conflict, cancellationToken),
            BookLinkOutcome.Busy => await ShowAgainAsync(token, form, request, null, BookingPageNotice.Busy, StatusCodes.Status409Conflict, cancellationToken),
            BookLinkOutcome.NotFound => pages.NotFound(request),
            var other => throw new UnmappedOutcomeException(other),
        };

    public IResult Confirmation((BookableCalendar Calendar, Core.Links.Link Link, Booking Booking)? found, PageRequest request, string token) =>
        found is { } f ? pages.Confirmation(request, f.Calendar, f.Booking, token) : pages.NotFound(request);

    public IResult CalendarFile((BookableCalendar Calendar, Core.Links.Link Link, Booking Booking)? found, PageRequest request) =>
        // A request the owner has not confirmed (or declined) has no calendar entry yet (issue 23).
        found is { } f && f.Booking.Status is not (BookingStatus.Pending or BookingStatus.Declined)
            ? pages.CalendarFile(request, f.Calendar, f.Booking)
            : pages.NotFound(request);

    public IResult Unreadable(PageRequest request, int statusCode) => pages.BadRequest(request, statusCode);

    private async Task<IResult> ShowAgainAsync(
        string token, BookingForm form, PageRequest request, FieldErrors? errors, BookingPageNotice notice, int statusCode, CancellationToken cancellationToken) =>
        await bookings.OpenAsync(token, from: null, form.Request.DurationMinutes, cancellationToken) switch
        {
            OpenLinkOutcome.Open open => pages.Booking(
                request, new BookingPageModel(open.Calendar, open.Link, open.Slots, token, form.Request, errors, notice) { Durations = open.Durations }, statusCode),
            var other => Open(other, request, token),
        };
}
