using OneTimeLinks.Core.Bookings;
using System.Text.Json.Serialization;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Functions.Links;

/// <summary>A link for the management API. The URL appears only in the create response: it is not stored.</summary>
internal sealed record LinkResponse(
    string LinkId,
    string CalendarId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url,
    string Status,
    DateTimeOffset? ExpiresAt,
    string? Note,
    int MaxUses,
    int Uses,
    ContactResponse? Contact,
    string? RequestId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Metadata,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? DurationMinutes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LinkWindowResponse? Window,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title,
    DateTimeOffset? FirstOpenedAt,
    int OpenCount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<LinkBookingResponse>? Bookings)
{
    public static LinkResponse From(Link link, DateTimeOffset now, string? url = null, IReadOnlyList<Booking>? bookings = null) => new(
        link.LinkId,
        link.CalendarId,
        url,
        link.GetStatus(now).ToWireName(),
        link.ExpiresAt,
        link.Note,
        link.MaxUses,
        link.Uses,
        link.Contact is { } c ? new ContactResponse(c.Id, c.Name, c.Email) : null,
        link.RequestId,
        link.CreatedAt,
        link.EndedAt,
        link.Metadata,
        link.Overrides.DurationMinutes.Count == 0 ? null : link.Overrides.DurationMinutes,
        link.Overrides.WindowFrom is null && link.Overrides.WindowTo is null ? null : new LinkWindowResponse(link.Overrides.WindowFrom, link.Overrides.WindowTo),
        link.Overrides.Title,
        link.FirstOpenedAt,
        link.OpenCount,
        bookings?.Select(LinkBookingResponse.From).ToList());
}

internal sealed record LinkWindowResponse(DateTimeOffset? From, DateTimeOffset? To);

internal sealed record ContactResponse(string? Id, string? Name, string? Email);

internal sealed record LinkBookingResponse(
    string BookingId,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Name,
    string Email,
    string? Phone,
    string? Message,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Utm)
{
    public static LinkBookingResponse From(Booking b) =>
        new(b.BookingId, b.Start, b.End, b.Name, b.Email, b.Phone, b.Message, b.CreatedAt, b.Utm);
}

internal sealed record LinkListResponse(IReadOnlyList<LinkResponse> Links, string? Continuation);
