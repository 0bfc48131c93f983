using Microsoft.Net.Http.Headers;

namespace OneTimeLinks.Functions.Http;

/// <summary>HTML for browsers, JSON for everyone else: decided by the Accept header's preferences (RFC 9110 12.5.1).</summary>
internal static class ContentNegotiation
{
    private static readonly string[] HtmlTypes = ["text/html", "application/xhtml+xml"];
    private static readonly string[] JsonTypes = ["application/json", "application/problem+json"];

    /// <summary>
    /// True when the client ranks HTML strictly above JSON. A browser sends <c>text/html,…,*/*;q=0.8</c>; curl's
    /// <c>*/*</c> and no Accept at all rank them equal, and keep the JSON answer the API has always given.
    /// </summary>
    public static bool PrefersHtml(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var accept = request.GetTypedHeaders().Accept;
        if (accept is null || accept.Count == 0)
        {
            return false;
        }

        var html = HtmlTypes.Max(type => Quality(accept, type));
        var json = JsonTypes.Max(type => Quality(accept, type));
        return html > 0 && html > json;
    }

    /// <summary>The quality the most specific matching range gives a media type; 0 when none matches.</summary>
    private static double Quality(IList<MediaTypeHeaderValue> accept, string mediaType)
    {
        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        var type = mediaType[..slash];
        var subtype = mediaType[(slash + 1)..];
        var bestSpecificity = -1;
        var quality = 0.0;
        foreach (var range in accept)
        {
            var rangeType = range.Type.Value ?? "";
            var rangeSubtype = range.SubType.Value ?? "";
            int specificity;
            if (rangeType == "*" && rangeSubtype == "*")
            {
                specificity = 0;
            }
            else if (string.Equals(rangeType, type, StringComparison.OrdinalIgnoreCase) && rangeSubtype == "*")
            {
                specificity = 1;
            }
            else if (string.Equals(rangeType, type, StringComparison.OrdinalIgnoreCase)
                     && string.Equals(rangeSubtype, subtype, StringComparison.OrdinalIgnoreCase))
            {
                specificity = 2;
            }
            else
            {
                continue;
            }

            if (specificity > bestSpecificity)
            {
                bestSpecificity = specificity;
                quality = range.Quality ?? 1.0;
            }
        }

        return quality;
    }
}
