namespace OneTimeLinks.Core.Panel;

/// <summary>The body of <c>POST /api/calendars/{calendarId}/panel-sessions</c>; every field is optional.</summary>
public sealed record PanelSessionRequest(
    int? LifetimeMinutes = null,
    string? Language = null,
    IReadOnlyList<string?>? AllowedOrigins = null,
    PanelActorRequest? Actor = null,
    string? ReturnUrl = null);

/// <summary>Who the CRM opened the panel for; the panel's events name them.</summary>
public sealed record PanelActorRequest(string? Id = null, string? Name = null);
