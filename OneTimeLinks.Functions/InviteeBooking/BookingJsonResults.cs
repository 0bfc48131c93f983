using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Functions.Pages;
using OneTimeLinks.Functions.Questions;

namespace OneTimeLinks.Functions.InviteeBooking;

/// <summary>The API clients' answers to the invitee's routes: JSON bodies and RFC 9457 problems, in English.</summary>
internal static class BookingJsonResults
{
    /// <summary>The open answer; its questions are worded in the language the request asks for (<c>?lang=</c>, Accept-Language).</summary>
    public static IResult Open(OpenLinkOutcome outcome, PageRequest request) => outcome switch
    {
        OpenLinkOutcome.Open open => TypedResults.Ok(new OpenLinkResponse(
            LinkStatus.Active.ToWireName(),
            new OpenLinkCalendar(open.Calendar.Name, open.Calendar.TimeZone),
            open.Link.ExpiresAt,
            open.Link.Contact is { } c && (c.Name ?? c.Email) is not null ? new OpenLinkContact(c.Name, c.Email) : null,
            open.Slots.Select(s => new SlotResponse(s.Start, s.End)).ToList(),
            open.NextFrom,
            open.Calendar.SlotMinutes,
            open.Durations)
        {
            Questions = VisibleQuestion.For(
                open.Calendar, open.Link, PageLanguage.Resolve(request.Language, request.AcceptLanguage, open.Calendar.Language).Code),
        }),
        OpenLinkOutcome.Dead dead => DeadLink(dead.Status, dead.Calendar),
        OpenLinkOutcome.NotFound => Problems.NotFound(DeadLinkText.NotFoundDetail),
        var other => throw new UnmappedOutcomeException(other),
    };

    public static IResult Book(BookLinkOutcome outcome) => outcome switch
    {
        BookLinkOutcome.Booked booked => TypedResults.Created(
            (string?)null, BookingResponse.From(booked.Calendar, booked.Booking, booked.ManageUrl)),
        BookLinkOutcome.Dead dead => DeadLink(dead.Status, dead.Calendar),
        BookLinkOutcome.SlotUnavailable => Problems.Conflict(
            "Slot not available",
            "That time is no longer available. Please choose another; this link is still valid.",
            "slot-unavailable"),
        BookLinkOutcome.IdempotencyKeyReused => Problems.IdempotencyKeyReused(),
        BookLinkOutcome.Busy => Problems.Conflict(
            "Link busy", "The link changed while booking; nothing was booked. Please try again.", "link-busy"),
        BookLinkOutcome.NotFound => Problems.NotFound(DeadLinkText.NotFoundDetail),
        var other => Problems.ForOutcome(other),
    };

    private static IResult DeadLink(LinkStatus status, Core.Calendars.BookableCalendar calendar) =>
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
