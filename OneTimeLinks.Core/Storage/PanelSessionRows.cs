using OneTimeLinks.Core.Panel;

namespace OneTimeLinks.Core.Storage;

/// <summary>A panel session (<c>panel|{sessionId}</c> in its calendar's partition). The secret only as its hash.</summary>
internal sealed class PanelSessionEntity : TableRow
{
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? Language { get; set; }

    /// <summary>Space-separated origins; null for none. Origins never hold spaces (the validator's rules).</summary>
    public string? AllowedOrigins { get; set; }

    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public string? ReturnUrl { get; set; }
    public string TokenHash { get; set; } = "";
}

internal static class PanelSessionRows
{
    public static PanelSessionEntity ToEntity(PanelSession session) => new()
    {
        PartitionKey = TableKeys.CalendarPartition(session.CalendarId),
        RowKey = TableKeys.PanelSessionRow(session.SessionId),
        CreatedAt = session.CreatedAt,
        ExpiresAt = session.ExpiresAt,
        EndedAt = session.EndedAt,
        Language = session.Language,
        AllowedOrigins = session.AllowedOrigins.Count == 0 ? null : string.Join(' ', session.AllowedOrigins),
        ActorId = session.Actor?.Id,
        ActorName = session.Actor?.Name,
        ReturnUrl = session.ReturnUrl?.OriginalString,
        TokenHash = session.TokenHash,
    };

    public static PanelSessionSnapshot ToSnapshot(PanelSessionEntity entity) => new(
        new PanelSession(
            TableKeys.CalendarIdFromPartition(entity.PartitionKey),
            TableKeys.PanelSessionIdFromRow(entity.RowKey),
            entity.CreatedAt,
            entity.ExpiresAt,
            entity.EndedAt,
            entity.Language,
            (entity.AllowedOrigins ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
            entity.ActorId is null && entity.ActorName is null ? null : new PanelActor(entity.ActorId, entity.ActorName),
            entity.ReturnUrl is null ? null : new Uri(entity.ReturnUrl, UriKind.Absolute),
            entity.TokenHash),
        entity.ETag.ToString());
}
