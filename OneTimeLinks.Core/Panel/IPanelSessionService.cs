namespace OneTimeLinks.Core.Panel;

/// <summary>The CRM's side of the owner's panel: mint a session URL, read it, end it early.</summary>
public interface IPanelSessionService
{
    Task<CreatePanelSessionOutcome> CreateAsync(
        string calendarId, PanelSessionRequest? request, CancellationToken cancellationToken = default);

    /// <summary>The session of that calendar (active or not); null for an unknown one or another calendar's.</summary>
    Task<PanelSession?> GetAsync(string calendarId, string sessionId, CancellationToken cancellationToken = default);

    Task<EndPanelSessionOutcome> EndAsync(string calendarId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The session a panel URL's token names, when its secret matches; null for an unknown, malformed or wrong token.
    /// The caller decides from <see cref="PanelSession.GetStatus"/> whether it may still act.
    /// </summary>
    Task<PanelSession?> FindAsync(string? token, CancellationToken cancellationToken = default);
}
