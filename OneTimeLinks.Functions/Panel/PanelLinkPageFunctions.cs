using OneTimeLinks.Core.Links;
using OneTimeLinks.Functions.Pages.Panel;

namespace OneTimeLinks.Functions.Panel;

/// <summary>
/// One link in the owner's panel: its own page (facts, status, bookings with their cancel step) and the Edit form of an
/// active link (note, expiry or none), posted through <see cref="ILinkService.UpdateAsync"/> as the API's PATCH is,
/// naming the panel session as the actor; 303 back to the link's page.
/// </summary>
public sealed class PanelLinkPageFunctions(PanelGate gate, PanelPages pages, ILinkService links, TimeProvider time)
{
    private const string LinkRoute = HostConventions.PanelRouteSegment + "/{token}/links/{linkId}";
    private const string EditRoute = LinkRoute + "/edit";

    [Function("OpenPanelLink")]
    public Task<IResult> OpenAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = LinkRoute)] HttpRequest request,
        string token,
        string linkId,
        CancellationToken cancellationToken) =>
        gate.GetAsync(
            request,
            token,
            async context => await links.GetAsync(context.Session.CalendarId, linkId, cancellationToken) switch
            {
                null => pages.LinkNotFound(context),
                var details => PanelPages.Page(context, PanelLinkPage.Create(new PanelLinkView(
                    pages.Chrome(context, PanelReturn.LinkPath(details.Link.LinkId)),
                    details.Link,
                    details.Link.GetStatus(time.GetUtcNow()),
                    details.Bookings,
                    PanelNoticeQuery.Read<PanelLinkNotice>(request)))),
            },
            cancellationToken);

    [Function("EditPanelLinkForm")]
    public Task<IResult> EditFormAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = EditRoute)] HttpRequest request,
        string token,
        string linkId,
        CancellationToken cancellationToken) =>
        gate.GetAsync(
            request,
            token,
            context => links.PageAsync(
                pages, context, linkId, time.GetUtcNow(),
                link => EditPage(context, link, PanelLinkEditForm.Of(link, context.Zone.Zone), StatusCodes.Status200OK), cancellationToken),
            cancellationToken);

    [Function("EditPanelLink")]
    public Task<IResult> EditAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = EditRoute)] HttpRequest request,
        string token,
        string linkId,
        CancellationToken cancellationToken) =>
        gate.PostAsync(
            request,
            token,
            async (context, form) =>
            {
                // The link as read tells which expiry the form showed; the update itself is conditional on the version
                // the service reads, so a change in between is judged afresh there (409 when no longer active).
                if (await links.GetAsync(context.Session.CalendarId, linkId, cancellationToken) is not { Link: var current })
                {
                    return pages.LinkNotFound(context);
                }

                var (patch, posted) = PanelLinkEditForm.Read(form).ToPatch(current, context.Zone.Zone);
                if (patch is null)
                {
                    return EditPage(context, current, posted, StatusCodes.Status422UnprocessableEntity);
                }

                return await links.UpdateAsync(context.Session.CalendarId, linkId, patch, context.Actor, cancellationToken) switch
                {
                    UpdateLinkOutcome.Updated updated =>
                        PanelPages.SeeOther(context, context.Url(PanelReturn.LinkPath(updated.Link.LinkId), PanelNoticeQuery.Parameter(PanelLinkNotice.Updated))),
                    UpdateLinkOutcome.NotActive => pages.LinkNotActive(context),
                    UpdateLinkOutcome.NotFound => pages.LinkNotFound(context),
                    UpdateLinkOutcome.Invalid invalid => EditPage(context, current, posted.WithErrors(invalid.Errors), StatusCodes.Status422UnprocessableEntity),
                    UpdateLinkOutcome.Contended =>
                        pages.Problem(context, StatusCodes.Status503ServiceUnavailable, "PanelLink.Busy.Title", "PanelLink.Busy.Text"),
                    var other => throw new UnmappedOutcomeException(other),
                };
            },
            cancellationToken);

    private IResult EditPage(PanelContext context, Link link, PanelLinkEditForm form, int statusCode) =>
        PanelPages.Page(
            context,
            PanelLinkEditPage.Create(new PanelLinkEditView(pages.Chrome(context, PanelReturn.LinkPath(link.LinkId) + "/edit"), link, form)),
            statusCode);
}
