using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Panel;
using OneTimeLinks.Functions.Pages.Panel;

namespace OneTimeLinks.Functions.Panel;

/// <summary>
/// The owner's panel (<c>/api/panel/{token}</c>, anonymous: the token is the capability): the calendar's links by
/// status, and revoke with a confirmation step. Plain pages and forms (303 after a POST); every change goes through
/// <see cref="ILinkService"/> as the API's does, naming the panel session as the actor.
/// </summary>
public sealed class PanelLinkFunctions(PanelGate gate, PanelPages pages, ILinkService links, ILinkOverviewService overview, IPanelGenerateLimit limit, TimeProvider time)
{
    private const int PageSize = 20;
    private const string PanelRoute = HostConventions.PanelRouteSegment + "/{token}";
    private const string RevokeRoute = PanelRoute + "/links/{linkId}/revoke";
    private const string GenerateRoute = PanelRoute + "/links";

    [Function("OpenPanel")]
    public Task<IResult> OpenAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PanelRoute)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        gate.GetAsync(request, token, context => LinksPageAsync(request, context, cancellationToken), cancellationToken);

    /// <summary>
    /// Generate from the panel. The answer is the links page itself (200, no-store) rather than a redirect: the new
    /// link's URL is a capability shown once, and a redirect could only carry it in a URL (history, logs, Referer).
    /// A refused form is the same page again with its field errors (422), nothing written.
    /// </summary>
    [Function("GeneratePanelLink")]
    public Task<IResult> GenerateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = GenerateRoute)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        gate.PostAsync(
            request,
            token,
            async (context, form) =>
            {
                var (body, posted) = PanelGenerateForm.Read(form).ToRequest(context.Zone.Zone);
                if (body is null)
                {
                    return await ActivePageAsync(context, posted, null, StatusCodes.Status422UnprocessableEntity, cancellationToken);
                }

                // Judged before a slot of the rate limit is spent, so a refused form writes nothing, not even a count.
                if (links.ValidateGenerate(body) is { IsEmpty: false } refused)
                {
                    return await ActivePageAsync(context, posted.WithErrors(refused), null, StatusCodes.Status422UnprocessableEntity, cancellationToken);
                }

                if (await limit.TryTakeAsync(context.Session, cancellationToken) is { Taken: false } full)
                {
                    return pages.TooManyGenerates(context, full.RetryAfter);
                }

                return await links.GenerateAsync(context.Session.CalendarId, body, context.Actor, cancellationToken) switch
                {
                    GenerateLinkOutcome.Created created =>
                        await ActivePageAsync(context, PanelGenerateForm.Empty, new PanelGeneratedLink(created.Link, created.Url), StatusCodes.Status200OK, cancellationToken),
                    GenerateLinkOutcome.Invalid invalid =>
                        await ActivePageAsync(context, posted.WithErrors(invalid.Errors), null, StatusCodes.Status422UnprocessableEntity, cancellationToken),
                    GenerateLinkOutcome.CalendarNotFound => pages.Ended(request, context.Session),
                    var other => throw new UnmappedOutcomeException(other),
                };
            },
            cancellationToken);

    [Function("ConfirmPanelRevoke")]
    public Task<IResult> ConfirmRevokeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RevokeRoute)] HttpRequest request,
        string token,
        string linkId,
        CancellationToken cancellationToken) =>
        gate.GetAsync(
            request,
            token,
            context => links.PageAsync(
                pages, context, linkId, time.GetUtcNow(),
                link => PanelPages.Page(context, PanelRevokePage.Create(new PanelRevokeView(pages.Chrome(context, RevokePath(link.LinkId)), link))),
                cancellationToken),
            cancellationToken);

    [Function("RevokePanelLink")]
    public Task<IResult> RevokeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RevokeRoute)] HttpRequest request,
        string token,
        string linkId,
        CancellationToken cancellationToken) =>
        gate.PostAsync(
            request,
            token,
            async (context, _) => await links.RevokeAsync(context.Session.CalendarId, linkId, context.Actor, cancellationToken) switch
            {
                RevokeLinkOutcome.Revoked => PanelPages.SeeOther(context, context.Url("", "status=revoked&" + PanelNoticeQuery.Parameter(PanelLinksNotice.Revoked))),
                RevokeLinkOutcome.NotRevocable => pages.LinkNotActive(context),
                RevokeLinkOutcome.NotFound => pages.LinkNotFound(context),
                var other => throw new UnmappedOutcomeException(other),
            },
            cancellationToken);

    /// <summary>
    /// One tab (<c>?status=</c>, active by default) of links, newest first, <c>?after=</c> continuing a page; with
    /// <c>?q=</c> only the links whose note or contact holds the text (<see cref="ILinkOverviewService.SearchAsync"/>).
    /// </summary>
    private async Task<IResult> LinksPageAsync(HttpRequest request, PanelContext context, CancellationToken cancellationToken)
    {
        var requested = request.Query["status"].FirstOrDefault();
        var status = LinkStatus.Active;
        if (requested is not null && !LinkStatusNames.TryParse(requested, out status))
        {
            return pages.Problem(context, StatusCodes.Status400BadRequest, "Error.Title", "PanelLink.BadTab");
        }

        var after = request.Query["after"].FirstOrDefault();
        var search = request.Query["q"].FirstOrDefault() is { } q && !string.IsNullOrWhiteSpace(q) ? q : null;
        var countsRead = overview.CountAsync(context.Session.CalendarId, cancellationToken);
        IReadOnlyList<Link> shown;
        string? next;
        if (search is null)
        {
            if (await links.ListAsync(context.Session.CalendarId, status.ToWireName(), PageSize, after, cancellationToken: cancellationToken)
                is not ListLinksOutcome.Listed listed)
            {
                // A continuation the list cannot read (edited by hand); a calendar deleted meanwhile reads the same way.
                return pages.Problem(context, StatusCodes.Status400BadRequest, "Error.Title", "Panel.Links.BadPosition");
            }

            (shown, next) = (listed.Page.Links, listed.Page.ContinuationToken);
        }
        else
        {
            if (await overview.SearchAsync(context.Session.CalendarId, status, search, after, cancellationToken)
                is not SearchLinksOutcome.Listed found)
            {
                // Text too long or with control characters, or a position that is not a link id (edited by hand).
                return pages.Problem(context, StatusCodes.Status400BadRequest, "Error.Title", "PanelLink.Search.Bad");
            }

            (shown, next) = (found.Links, found.NextAfterLinkId);
        }

        var tab = "status=" + status.ToWireName() + (search is null ? "" : "&q=" + Uri.EscapeDataString(search));
        var more = next is null ? null : context.Url("", tab + "&after=" + Uri.EscapeDataString(next));
        var notice = PanelNoticeQuery.Read<PanelLinksNotice>(request);
        var view = new PanelLinksView(pages.Chrome(context, "", tab), status, shown, more, notice)
        {
            Counts = await countsRead,
            Search = search,
        };
        return PanelPages.Page(context, PanelLinksPage.Create(view));
    }

    /// <summary>The active tab's first page after a Generate POST: the new link at the top, or the form with its errors.</summary>
    private async Task<IResult> ActivePageAsync(
        PanelContext context, PanelGenerateForm form, PanelGeneratedLink? created, int statusCode, CancellationToken cancellationToken)
    {
        var outcome = await links.ListAsync(context.Session.CalendarId, LinkStatus.Active.ToWireName(), PageSize, null, cancellationToken: cancellationToken);
        var listed = outcome is ListLinksOutcome.Listed page ? page.Page.Links : [];
        var more = outcome is ListLinksOutcome.Listed { Page.ContinuationToken: { } next }
            ? context.Url("", "status=active&after=" + Uri.EscapeDataString(next))
            : null;
        var view = new PanelLinksView(pages.Chrome(context, "", "status=active"), LinkStatus.Active, listed, more, PanelLinksNotice.None)
        {
            Counts = await overview.CountAsync(context.Session.CalendarId, cancellationToken),
            Generate = form,
            Created = created,
        };
        return PanelPages.Page(context, PanelLinksPage.Create(view), statusCode);
    }

    private static string RevokePath(string linkId) => "/links/" + Uri.EscapeDataString(linkId) + "/revoke";
}
