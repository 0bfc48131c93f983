using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Functions.Links;

/// <summary>The CRM's side of links: generate, list, read, revoke. All need a function key.</summary>
public sealed class LinkManagementFunctions(ILinkService links, TimeProvider timeProvider)
{
    [Function("GenerateLink")]
    public async Task<IResult> GenerateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendars/{calendarId}/links")] HttpRequest request,
        string calendarId,
        CancellationToken cancellationToken)
    {
        if (!Requests.TryGetIdempotencyKey(request, out var idempotencyKey))
        {
            return Problems.InvalidIdempotencyKey();
        }

        var (body, problem) = await HttpJson.ReadAsync<GenerateLinkRequest>(request, allowEmpty: true, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = idempotencyKey is null
            ? await links.GenerateAsync(calendarId, body, requestId: null, cancellationToken)
            : await links.GenerateOnceAsync(calendarId, body, idempotencyKey, cancellationToken);
        return outcome switch
        {
            GenerateLinkOutcome.Created created => TypedResults.Created(
                HostConventions.PathOf($"calendars/{calendarId}/links/{created.Link.LinkId}"),
                LinkResponse.From(created.Link, timeProvider.GetUtcNow(), created.Url)),
            GenerateLinkOutcome.IdempotencyKeyReused => Problems.IdempotencyKeyReused(),
            var other => Problems.ForOutcome(other, calendarId),
        };
    }

    [Function("ListLinks")]
    public Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "calendars/{calendarId}/links")] HttpRequest request,
        string calendarId,
        CancellationToken cancellationToken) =>
        Requests.WithPageSize(request, async pageSize =>
        {
            var outcome = await links.ListAsync(
                calendarId,
                request.Query["status"].FirstOrDefault(),
                pageSize,
                request.Query["continuation"].FirstOrDefault(),
                request.Query["opened"].FirstOrDefault(),
                cancellationToken);
            var now = timeProvider.GetUtcNow();
            return outcome switch
            {
                ListLinksOutcome.Listed listed => TypedResults.Ok(new LinkListResponse(
                    listed.Page.Links.Select(link => LinkResponse.From(link, now)).ToList(), listed.Page.ContinuationToken)),
                var other => Problems.ForOutcome(other, calendarId),
            };
        });

    [Function("GetLink")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "calendars/{calendarId}/links/{linkId}")] HttpRequest request,
        string calendarId,
        string linkId,
        CancellationToken cancellationToken) =>
        await links.GetAsync(calendarId, linkId, cancellationToken) is { } details
            ? TypedResults.Ok(LinkResponse.From(details.Link, timeProvider.GetUtcNow(), bookings: details.Bookings))
            : LinkProblems.NotFound(calendarId, linkId);

    [Function("RevokeLink")]
    public async Task<IResult> RevokeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "calendars/{calendarId}/links/{linkId}/revoke")] HttpRequest request,
        string calendarId,
        string linkId,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        return await links.RevokeAsync(calendarId, linkId, cancellationToken) switch
        {
            RevokeLinkOutcome.Revoked revoked => TypedResults.Ok(LinkResponse.From(revoked.Link, now)),
            RevokeLinkOutcome.NotRevocable notRevocable => LinkProblems.NotActive(notRevocable.Status, "revoked", "link-not-revocable"),
            RevokeLinkOutcome.NotFound => LinkProblems.NotFound(calendarId, linkId),
            var other => throw new UnmappedOutcomeException(other),
        };
    }
}
