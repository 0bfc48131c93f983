using System.Text.Json.Serialization;
using OneTimeLinks.Core.Panel;

namespace OneTimeLinks.Functions.Panel;

/// <summary>The answer to a mint: the session's URL (a capability, shown this once) and until when it works.</summary>
internal sealed record CreatedPanelSessionResponse(string SessionId, string Url, DateTimeOffset ExpiresAt);

/// <summary>A session as the CRM reads it: never its URL, which storage does not hold.</summary>
internal sealed record PanelSessionResponse(
    string SessionId,
    string CalendarId,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? EndedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Language,
    IReadOnlyList<string> AllowedOrigins,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PanelActorResponse? Actor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReturnUrl)
{
    public static PanelSessionResponse From(PanelSession session, DateTimeOffset now) => new(
        session.SessionId,
        session.CalendarId,
        StatusName(session.GetStatus(now)),
        session.CreatedAt.ToUniversalTime(),
        session.ExpiresAt.ToUniversalTime(),
        session.EndedAt?.ToUniversalTime(),
        session.Language,
        session.AllowedOrigins,
        session.Actor is { } actor ? new PanelActorResponse(actor.Id, actor.Name) : null,
        session.ReturnUrl?.OriginalString);

    private static string StatusName(PanelSessionStatus status) => status switch
    {
        PanelSessionStatus.Active => "active",
        PanelSessionStatus.Ended => "ended",
        _ => "expired",
    };
}

internal sealed record PanelActorResponse(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name);
