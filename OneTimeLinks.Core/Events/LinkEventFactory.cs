using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Core.Events;

/// <summary>Builds each lifecycle event's data; the shapes here are the public event contract (docs/events.md).</summary>
public static class LinkEventFactory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Readable as peeked ("+01:00", not "\u002B01:00"); event data is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static LinkEvent Generated(Link link, string url, DateTimeOffset now) =>
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
        });

    public static LinkEvent Used(Link link, Booking.Booking booking, DateTimeOffset now) =>
        Create(LinkEventTypes.Used, link, now, new
        {
            link.CalendarId,
            link.LinkId,
            booking.BookingId,
            booking.Start,
            booking.End,
            InviteeName = booking.Name,
            InviteeEmail = booking.Email,
            InviteePhone = booking.Phone,
            link.Note,
            ContactId = link.Contact?.Id,
            Uses = link.Uses,
            link.MaxUses,
        });

    public static LinkEvent Ended(string type, Link link, DateTimeOffset now) =>
        Create(type, link, now, new
        {
            link.CalendarId,
            link.LinkId,
            link.Note,
            ContactId = link.Contact?.Id,
            link.Uses,
            link.ExpiresAt,
            EndedAt = link.EndedAt ?? now,
        });

    private static LinkEvent Create(string type, Link link, DateTimeOffset now, object data) =>
        new(Guid.NewGuid().ToString("N"), type, link.CalendarId, link.LinkId, now, JsonSerializer.Serialize(data, Json));
}
