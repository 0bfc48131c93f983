using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Links;

/// <summary>The management side of links: generate, list, read and revoke.</summary>
public interface ILinkService
{
    /// <summary>
    /// A new link of the calendar; with a workflow <paramref name="requestId"/>, at most one link per request id
    /// (a repeated id answers <see cref="GenerateLinkOutcome.DuplicateRequest"/>).
    /// </summary>
    Task<GenerateLinkOutcome> GenerateAsync(
        string calendarId, GenerateLinkRequest? request, string? requestId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Generates as <see cref="GenerateAsync(string, GenerateLinkRequest?, string?, CancellationToken)"/> does, naming
    /// who generated in the <see cref="LinkEventTypes.Generated"/> event (the owner's panel).
    /// </summary>
    Task<GenerateLinkOutcome> GenerateAsync(
        string calendarId, GenerateLinkRequest? request, EventActor actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// The field errors <see cref="GenerateAsync(string, GenerateLinkRequest?, EventActor, CancellationToken)"/> would
    /// answer for this body now (empty when it passes), writing nothing: for a caller that spends something on each
    /// generate (the panel's rate limit) and must not spend it on a body that is refused.
    /// </summary>
    FieldErrors ValidateGenerate(GenerateLinkRequest? request);

    /// <summary>
    /// A new link of the calendar, at most one per <paramref name="idempotencyKey"/> in the calendar while its record is
    /// kept: a repeat with the same body answers the first link and URL again (<see cref="GenerateLinkOutcome.Created"/>
    /// with Replayed), with another body <see cref="GenerateLinkOutcome.IdempotencyKeyReused"/>.
    /// </summary>
    Task<GenerateLinkOutcome> GenerateOnceAsync(
        string calendarId, GenerateLinkRequest? request, string idempotencyKey, CancellationToken cancellationToken = default);

    Task<ListLinksOutcome> ListAsync(
        string calendarId,
        string? status,
        int? pageSize,
        string? continuationToken,
        string? opened = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The generated event a workflow request id produced (same id, same data), or null when that request id has not
    /// produced a link in this calendar: what a repeated delivery of the request publishes again.
    /// </summary>
    Task<LinkEvent?> GetRequestEventAsync(string calendarId, string requestId, CancellationToken cancellationToken = default);

    /// <summary>The link with its bookings; null for an unknown calendar or link.</summary>
    Task<LinkDetails?> GetAsync(string calendarId, string linkId, CancellationToken cancellationToken = default);

    Task<RevokeLinkOutcome> RevokeAsync(string calendarId, string linkId, CancellationToken cancellationToken = default);

    /// <summary>Revokes as <see cref="RevokeAsync(string, string, CancellationToken)"/> does, naming who revoked in the event.</summary>
    Task<RevokeLinkOutcome> RevokeAsync(string calendarId, string linkId, EventActor actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes an active link's note or expiry (a merge patch), conditional on the version read, with its
    /// <see cref="LinkEventTypes.Updated"/> event naming <paramref name="actor"/>; the API and the owner's panel both
    /// come here.
    /// </summary>
    Task<UpdateLinkOutcome> UpdateAsync(
        string calendarId, string linkId, LinkPatchRequest? patch, EventActor actor, CancellationToken cancellationToken = default);
}
