using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Panel;

internal sealed partial class PanelSessionService(
    IPanelSessionStore store,
    TimeProvider time,
    IOptions<LinkOptions> links,
    IOptions<PanelOptions> options,
    ILogger<PanelSessionService> logger) : IPanelSessionService
{
    // An end that keeps losing to other writers of the same row gives up; only other ends write it.
    private const int MaxEndAttempts = 5;

    public async Task<CreatePanelSessionOutcome> CreateAsync(
        string calendarId, PanelSessionRequest? request, CancellationToken cancellationToken = default)
    {
        if (!CalendarValidator.IsValidCalendarId(calendarId))
        {
            return new CreatePanelSessionOutcome.CalendarNotFound();
        }

        var errors = new FieldErrors();
        if (PanelSessionValidator.Validate(request, errors) is not { } valid)
        {
            return new CreatePanelSessionOutcome.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var token = CapabilityToken.Create(calendarId, PanelSessionIds.New(now));
        var session = new PanelSession(
            calendarId, token.Id, now, now + valid.Lifetime, null, valid.Language, valid.AllowedOrigins, valid.Actor, valid.ReturnUrl, token.ComputeHash());
        if (!await store.TryAddAsync(session, cancellationToken))
        {
            return new CreatePanelSessionOutcome.CalendarNotFound();
        }

        Log.Created(logger, calendarId, session.SessionId, session.ExpiresAt);
        return new CreatePanelSessionOutcome.Created(session, BuildUrl(token));
    }

    public async Task<PanelSession?> GetAsync(string calendarId, string sessionId, CancellationToken cancellationToken = default) =>
        IsAddress(calendarId, sessionId) ? (await store.GetAsync(calendarId, sessionId, cancellationToken))?.Session : null;

    public async Task<EndPanelSessionOutcome> EndAsync(string calendarId, string sessionId, CancellationToken cancellationToken = default)
    {
        if (!IsAddress(calendarId, sessionId))
        {
            return new EndPanelSessionOutcome.NotFound();
        }

        for (var attempt = 0; attempt < MaxEndAttempts; attempt++)
        {
            if (await store.GetAsync(calendarId, sessionId, cancellationToken) is not { } read)
            {
                return new EndPanelSessionOutcome.NotFound();
            }

            var now = time.GetUtcNow();
            if (read.Session.GetStatus(now) != PanelSessionStatus.Active)
            {
                return new EndPanelSessionOutcome.Ended(read.Session);
            }

            var ended = read.Session with { EndedAt = now };
            if (await store.TryEndAsync(read, ended, cancellationToken))
            {
                Log.Ended(logger, calendarId, sessionId);
                return new EndPanelSessionOutcome.Ended(ended);
            }
        }

        throw new InvalidOperationException($"Panel session {sessionId} kept changing while it was being ended.");
    }

    public async Task<PanelSession?> FindAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!CapabilityToken.TryParsePanel(token, out var parsed))
        {
            return null;
        }

        var read = await store.GetAsync(parsed.CalendarId, parsed.Id, cancellationToken);
        return read is not null && parsed.Matches(read.Session.TokenHash) ? read.Session : null;
    }

    private string BuildUrl(CapabilityToken token) => $"{links.Value.PublicBaseUrl.TrimEnd('/')}{options.Value.PanelPath}{token.Value}";

    private static bool IsAddress(string calendarId, string sessionId) =>
        CalendarValidator.IsValidCalendarId(calendarId) && PanelSessionIds.IsValid(sessionId);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Minted panel session {SessionId} for calendar {CalendarId}, until {ExpiresAt:O}.")]
        public static partial void Created(ILogger logger, string calendarId, string sessionId, DateTimeOffset expiresAt);

        [LoggerMessage(2, LogLevel.Information, "Ended panel session {SessionId} of calendar {CalendarId}.")]
        public static partial void Ended(ILogger logger, string calendarId, string sessionId);
    }
}
