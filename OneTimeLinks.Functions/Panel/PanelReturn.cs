namespace OneTimeLinks.Functions.Panel;

/// <summary>
/// Where a booking's cancel step returns: the bookings page, or with <c>?from=link</c> the page of the booking's own link.
/// The parameter names a kind of page, never a URL: the link comes from the booking the session's calendar holds, so
/// nothing a request carries can send the owner to another path (no open redirect).
/// </summary>
public static class PanelReturn
{
    public const string ToLinkQuery = "from=link";

    public static bool IsToLink(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query["from"].ToString() == "link";
    }

    /// <summary>The page of a link, relative to the panel.</summary>
    public static string LinkPath(string linkId) => "/links/" + Uri.EscapeDataString(linkId);
}
