using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Functions.Panel;

/// <summary>The steps before a change of a link (revoke, edit) show it only while it is active.</summary>
internal static class PanelActiveLink
{
    /// <summary>
    /// <paramref name="page"/> for the session's link while it is active; otherwise the 404 page (no such link in the
    /// calendar, another calendar's included) or the 409 page (used, expired or revoked).
    /// </summary>
    public static async Task<IResult> PageAsync(
        this ILinkService links, PanelPages pages, PanelContext context, string linkId, DateTimeOffset now, Func<Link, IResult> page,
        CancellationToken cancellationToken) =>
        await links.GetAsync(context.Session.CalendarId, linkId, cancellationToken) switch
        {
            null => pages.LinkNotFound(context),
            { Link: var link } when link.GetStatus(now) != LinkStatus.Active => pages.LinkNotActive(context),
            { Link: var link } => page(link),
        };
}
