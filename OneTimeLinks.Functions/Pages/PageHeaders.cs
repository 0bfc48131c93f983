using Microsoft.AspNetCore.Http;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// The headers every public page response carries (pages, redirects, error pages, .ics files). The URL holds the
/// link's secret: no-referrer keeps it from other sites, no-store keeps it (and the invitee's details) out of caches.
/// The CSP allows only the app's own script and CSS files: no inline script or style anywhere.
/// </summary>
internal static class PageHeaders
{
    public static string ContentSecurityPolicy(PagesOptions options) =>
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; " +
        $"base-uri 'none'; frame-ancestors {options.FrameAncestors.Trim()}";

    public static void Apply(HttpResponse response, string contentSecurityPolicy)
    {
        var headers = response.Headers;
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = contentSecurityPolicy;
    }
}

/// <summary>A public page response: status, body and the page headers; a redirect or file download is one too.</summary>
internal sealed class PageResult : IResult
{
    private readonly string _contentSecurityPolicy;

    private PageResult(int statusCode, string contentSecurityPolicy)
    {
        StatusCode = statusCode;
        _contentSecurityPolicy = contentSecurityPolicy;
    }

    public int StatusCode { get; }

    public string? Body { get; private init; }

    public string? ContentType { get; private init; }

    public string? Location { get; private init; }

    public string? ContentDisposition { get; private init; }

    public static PageResult Html(int statusCode, string html, string contentSecurityPolicy) =>
        new(statusCode, contentSecurityPolicy) { Body = html, ContentType = "text/html; charset=utf-8" };

    /// <summary>303 See Other: after a form POST the browser GETs the location, so a refresh never re-posts.</summary>
    public static PageResult SeeOther(string location, string contentSecurityPolicy) =>
        new(StatusCodes.Status303SeeOther, contentSecurityPolicy) { Location = location };

    public static PageResult File(string content, string contentType, string fileName, string contentSecurityPolicy) =>
        new(StatusCodes.Status200OK, contentSecurityPolicy)
        {
            Body = content,
            ContentType = contentType,
            ContentDisposition = new System.Net.Mime.ContentDisposition { DispositionType = "attachment", FileName = fileName }.ToString(),
        };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        PageHeaders.Apply(response, _contentSecurityPolicy);
        if (Location is not null)
        {
            response.Headers.Location = Location;
        }

        if (ContentDisposition is not null)
        {
            response.Headers.ContentDisposition = ContentDisposition;
        }

        if (Body is not null)
        {
            response.ContentType = ContentType;
            var bytes = System.Text.Encoding.UTF8.GetBytes(Body);
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
        }
        else
        {
            response.ContentLength = 0;
        }
    }
}
