using System.Text.Json;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Core.Events;

/// <summary>Builds each lifecycle event's data; the shapes here are the public event contract (docs/events.md).</summary>
internal static class LinkEventFactory
{
    private static JsonSerializerOptions Json => ReadableJson.EventData;

    /// <summary>A new link; <paramref name="actor"/> only when someone other than the API generated it (the panel).</summary>
    public static LinkEvent Generated(Link link, string url, DateTimeOffset now, EventActor? actor = null) =>
        Create(LinkEventTypes.Generated, link, now, new
        {
            link.CalendarId,
            link.LinkId,
            link.RequestId,
            Url = url,
            link.ExpiresAt,
            link.MaxUses,
            link.Note,
            ContactId = link.Contact?.Id,
            link.CreatedAt,
            link.Metadata,
            Actor = actor,
        });

    public static LinkEvent Opened(Link link, DateTimeOffset now) =>
        Create(LinkEventTypes.Opened, link, now, new
        {
            link.CalendarId,
            link.LinkId,
            link.FirstOpenedAt,
            link.Note,
            ContactId = link.Contact?.Id,
            link.Metadata,
        });

    /// <summary>
    /// A booking through the link; carries the invitee's manage URL, so its data waits in the outbox encrypted. A pending
    /// booking (the calendar requires confirmation) is a request: same data, its own type, and when it will be declined.
    /// </summary>
    public static LinkEvent Used(Link link, Booking booking, string manageUrl, DateTimeOffset now) =>
        Create(booking.Status == BookingStatus.Pending ? LinkEventTypes.BookingRequested : LinkEventTypes.Used, link, now, new
        {
            link.CalendarId,
            link.LinkId,
            booking.BookingId,
            booking.Start,
            booking.End,
            InviteeName = booking.Name,
            InviteeEmail = booking.Email,
            InviteePhone = booking.Phone,
            ManageUrl = manageUrl,
            link.Note,
            ContactId = link.Contact?.Id,
            Uses = link.Uses,
            link.MaxUses,
            link.Metadata,
            booking.Utm,
            booking.ConfirmBy,
            booking.Answers,
        });

    /// <summary>A cancel; <paramref name="actor"/> names the owner who canceled (API or panel), none for the invitee.</summary>
    public static LinkEvent Canceled(Booking booking, DateTimeOffset now, EventActor? actor = null) =>
        BookingEvent(LinkEventTypes.BookingCanceled, booking, now, new
        {
            CanceledBy = booking.Cancellation!.By.ToWireName(),
            booking.Cancellation.Reason,
            CanceledAt = booking.Cancellation.At,
            Actor = actor,
        });

    public static LinkEvent Rescheduled(Booking booking, DateTimeOffset now)
    {
        var move = booking.History[^1];
        return BookingEvent(LinkEventTypes.BookingRescheduled, booking, now, new
        {
            move.PreviousStart,
            move.PreviousEnd,
            RescheduledBy = move.By.ToWireName(),
        });
    }

    public static LinkEvent Confirmed(Booking booking, DateTimeOffset now, EventActor? actor = null) =>
        BookingEvent(LinkEventTypes.BookingConfirmed, booking, now, new { booking.ConfirmedAt, Actor = actor });

    /// <summary>A decline by the owner (<paramref name="actor"/>), or by the sweep at the deadline (no actor).</summary>
    public static LinkEvent Declined(Booking booking, DateTimeOffset now, EventActor? actor = null) =>
        BookingEvent(LinkEventTypes.BookingDeclined, booking, now, new
        {
            booking.Decline!.Reason,
            DeclinedAt = booking.Decline.At,
            booking.Decline.LinkReopened,
            Actor = actor,
        });

    public static LinkEvent AttendanceMarked(Booking booking, BookingAttendance previous, DateTimeOffset now) =>
        BookingEvent(LinkEventTypes.BookingAttendanceMarked, booking, now, new
        {
            PreviousStatus = previous.ToWireName(),
            Status = booking.Attendance.ToWireName(),
            Note = booking.AttendanceNote,
            MarkedAt = booking.AttendanceMarkedAt,
        });

    /// <summary>A link ended: revoked (by <paramref name="actor"/>) or expired (by the sweep, no actor).</summary>
    public static LinkEvent Ended(string type, Link link, DateTimeOffset now, EventActor? actor = null) =>
        Create(type, link, now, new
        {
            link.CalendarId,
            link.LinkId,
            link.Note,
            ContactId = link.Contact?.Id,
            link.Uses,
            link.ExpiresAt,
            EndedAt = link.EndedAt ?? now,
            link.Metadata,
            Actor = actor,
        });

    /// <summary>An edit of an active link: what it is now, which fields changed, and who changed them.</summary>
    public static LinkEvent Updated(Link link, IReadOnlyList<string> changed, EventActor actor, DateTimeOffset now) =>
        Create(LinkEventTypes.Updated, link, now, new
        {
            link.CalendarId,
            link.LinkId,
            Changed = changed,
            link.Note,
            link.ExpiresAt,
            ContactId = link.Contact?.Id,
            link.Metadata,
            Actor = actor,
        });

    /// <summary>
    /// The one outline of every event about an existing booking: which booking and when it is, then what
    /// <paramref name="change"/> says happened, then the invitee's answers and the link's metadata.
    /// </summary>
    private static LinkEvent BookingEvent(string type, Booking booking, DateTimeOffset now, object change)
    {
        var data = JsonSerializer.SerializeToNode(new { booking.CalendarId, booking.LinkId, booking.BookingId, booking.Start, booking.End }, Json)!.AsObject();
        foreach (var part in new[] { JsonSerializer.SerializeToNode(change, Json)!.AsObject(), JsonSerializer.SerializeToNode(new { booking.Answers, booking.Metadata }, Json)!.AsObject() })
        {
            foreach (var (name, value) in part.ToList())
            {
                part.Remove(name);
                data[name] = value;
            }
        }

        return Create(type, booking.CalendarId, booking.LinkId, now, data);
    }

    private static LinkEvent Create(string type, Link link, DateTimeOffset now, object data) =>
        Create(type, link.CalendarId, link.LinkId, now, data);

    private static LinkEvent Create(string type, string calendarId, string linkId, DateTimeOffset now, object data) =>
        new(Guid.NewGuid().ToString("N"), type, calendarId, linkId, now, JsonSerializer.Serialize(data, Json));
}
