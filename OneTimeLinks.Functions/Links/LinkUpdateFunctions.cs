using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Functions.Links;

/// <summary>The CRM's edit of an active link: its note or its expiry (a JSON merge patch). Function key.</summary>
public sealed class LinkUpdateFunctions(ILinkService links, TimeProvider timeProvider)
{
    [Function("UpdateLink")]
    public async Task<IResult> UpdateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = "calendars/{calendarId}/links/{linkId}")] HttpRequest request,
        string calendarId,
        string linkId,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await HttpJson.ReadAsync<LinkPatchRequest>(request, allowEmpty: false, cancellationToken);
        return problem ?? await links.UpdateAsync(calendarId, linkId, body, EventActor.Api, cancellationToken) switch
        {
            UpdateLinkOutcome.Updated updated => TypedResults.Ok(LinkResponse.From(updated.Link, timeProvider.GetUtcNow())),
            UpdateLinkOutcome.NotActive notActive => LinkProblems.NotActive(notActive.Status, "changed", "link-not-active"),
            UpdateLinkOutcome.NotFound => LinkProblems.NotFound(calendarId, linkId),
            UpdateLinkOutcome.Contended => Problems.Conflict(
                "Link busy", "Other changes to the link kept winning; nothing was changed. Please try again.", "link-contended"),
            var other => Problems.ForOutcome(other),
        };
    }
}
