using OneTimeLinks.Core.Panel;

namespace OneTimeLinks.Functions.Panel;

/// <summary>The CRM's side of the owner's panel: mint a session URL, read it, end it early. Function key.</summary>
public sealed class PanelSessionFunctions(IPanelSessionService sessions, TimeProvider timeProvider)
{
    [Function("CreatePanelSession")]
    public async Task<IResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendars/{calendarId}/panel-sessions")] HttpRequest request,
        string calendarId,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await HttpJson.ReadAsync<PanelSessionRequest>(request, allowEmpty: true, cancellationToken);
        return problem ?? await sessions.CreateAsync(calendarId, body, cancellationToken) switch
        {
            CreatePanelSessionOutcome.Created created => TypedResults.Created(
                SessionPath(calendarId, created.Session.SessionId),
                new CreatedPanelSessionResponse(created.Session.SessionId, created.Url, created.Session.ExpiresAt.ToUniversalTime())),
            var other => Problems.ForOutcome(other, calendarId),
        };
    }

    [Function("GetPanelSession")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "calendars/{calendarId}/panel-sessions/{sessionId}")] HttpRequest request,
        string calendarId,
        string sessionId,
        CancellationToken cancellationToken) =>
        await sessions.GetAsync(calendarId, sessionId, cancellationToken) is { } session
            ? TypedResults.Ok(PanelSessionResponse.From(session, timeProvider.GetUtcNow()))
            : SessionNotFound(calendarId, sessionId);

    [Function("EndPanelSession")]
    public async Task<IResult> EndAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendars/{calendarId}/panel-sessions/{sessionId}/end")] HttpRequest request,
        string calendarId,
        string sessionId,
        CancellationToken cancellationToken) =>
        await sessions.EndAsync(calendarId, sessionId, cancellationToken) switch
        {
            EndPanelSessionOutcome.Ended ended => TypedResults.Ok(PanelSessionResponse.From(ended.Session, timeProvider.GetUtcNow())),
            EndPanelSessionOutcome.NotFound => SessionNotFound(calendarId, sessionId),
            var other => throw new UnmappedOutcomeException(other),
        };

    private static string SessionPath(string calendarId, string sessionId) =>
        HostConventions.PathOf($"calendars/{calendarId}/panel-sessions/{sessionId}");

    private static IResult SessionNotFound(string calendarId, string sessionId) =>
        Problems.NotFound($"Calendar '{calendarId}' has no panel session '{sessionId}'.");
}
