namespace OneTimeLinks.Core.Panel;

/// <summary>Who acts through a panel session, as the CRM named them when it minted the session.</summary>
public sealed record PanelActor(string? Id, string? Name);

public enum PanelSessionStatus
{
    Active,
    Ended,
    Expired,
}

/// <summary>
/// A short-lived capability to one calendar's panel. Storage keeps only the hash of its secret
/// (<see cref="TokenHash"/>); the URL with the secret exists only in the answer that minted it.
/// </summary>
public sealed record PanelSession(
    string CalendarId,
    string SessionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? EndedAt,
    string? Language,
    IReadOnlyList<string> AllowedOrigins,
    PanelActor? Actor,
    Uri? ReturnUrl,
    string TokenHash)
{
    /// <summary>Dead after <see cref="ExpiresAt"/> (exclusive) or once ended, whatever the sweep has done.</summary>
    public PanelSessionStatus GetStatus(DateTimeOffset now) =>
        EndedAt is not null ? PanelSessionStatus.Ended
        : now >= ExpiresAt ? PanelSessionStatus.Expired
        : PanelSessionStatus.Active;
}
