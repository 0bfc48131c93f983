using System.Globalization;
using System.IO.Pipelines;
using RazorSlices;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// The headers every public page response carries (pages, redirects, error pages, .ics files). The URL holds the
/// link's secret: no-referrer keeps it from other sites, no-store keeps it (and the invitee's details) out of caches.
/// The CSP allows only the app's own script and CSS files: no inline script or style anywhere.
/// </summary>
internal static class PageHeaders
{
    public static string ContentSecurityPolicy(PagesOptions options) => ContentSecurityPolicy(options.FrameAncestors);

    /// <summary>The same policy with another <c>frame-ancestors</c> source list (the owner's panel names its own).</summary>
    public static string ContentSecurityPolicy(string frameAncestors) =>
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; " +
        $"base-uri 'none'; frame-ancestors {frameAncestors.Trim()}";

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

    /// <summary>A page to render at execution, in <see cref="Culture"/>.</summary>
    public RazorSlice? Slice { get; private init; }

    public CultureInfo? Culture { get; private init; }

    public string? ContentType { get; private init; }

    public string? Location { get; private init; }

    public string? ContentDisposition { get; private init; }

    /// <summary>A cookie to set (name, value, path), or null.</summary>
    public (string Name, string Value, string Path)? Cookie { get; private init; }

    public static PageResult Html(int statusCode, RazorSlice slice, CultureInfo culture, string contentSecurityPolicy) =>
        new(statusCode, contentSecurityPolicy) { Slice = slice, Culture = culture, ContentType = "text/html; charset=utf-8" };

    /// <summary>303 See Other: after a form POST the browser GETs the location, so a refresh never re-posts.</summary>
    public static PageResult SeeOther(string location, string contentSecurityPolicy) =>
        new(StatusCodes.Status303SeeOther, contentSecurityPolicy) { Location = location };

    /// <summary>
    /// 303 See Other that also hands the browser a capability for the location's page only: an HttpOnly, SameSite=Strict
    /// cookie scoped to that path, so the capability never appears in a URL (history, logs, the Referer header).
    /// </summary>
    public static PageResult SeeOther(string location, (string Name, string Value) cookie, string contentSecurityPolicy) =>
        new(StatusCodes.Status303SeeOther, contentSecurityPolicy) { Location = location, Cookie = (cookie.Name, cookie.Value, location.Split('?')[0]) };

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

        if (Cookie is { } cookie)
        {
            response.Cookies.Append(cookie.Name, cookie.Value, new CookieOptions
            {
                Path = cookie.Path,
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = httpContext.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(30),
                IsEssential = true,
            });
        }

        if (Slice is not null)
        {
            await using var page = await RenderAsync(Slice, Culture!, httpContext.RequestAborted);
            await WriteBodyAsync(response, page.GetBuffer().AsMemory(0, (int)page.Length), httpContext.RequestAborted);
        }
        else if (Body is not null)
        {
            await WriteBodyAsync(response, System.Text.Encoding.UTF8.GetBytes(Body), httpContext.RequestAborted);
        }
        else
        {
            response.ContentLength = 0;
        }
    }

    private async Task WriteBodyAsync(HttpResponse response, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken);
    }

    /// <summary>
    /// Renders the whole page before the first byte is sent, so a template error is a clean 500 rather than half a
    /// page. The culture is set here because the localizer and the date formats read it; it does not leak to the
    /// caller (culture flows with the async context). Rendered as UTF-8 into memory (the slice's own pipe mode): a
    /// TextWriter would hold the page as UTF-16 chunks, then a string, then the UTF-8 bytes, about a third of an HTML
    /// open's allocations.
    /// </summary>
    private static async Task<MemoryStream> RenderAsync(RazorSlice slice, CultureInfo culture, CancellationToken cancellationToken)
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        var page = new MemoryStream(16 * 1024);
        try
        {
            var writer = PipeWriter.Create(page, new StreamPipeWriterOptions(leaveOpen: true));
            await slice.RenderAsync(writer, Pages.PageEncoding.Encoder, cancellationToken);
            await writer.CompleteAsync();
            return page;
        }
        catch
        {
            await page.DisposeAsync();
            throw;
        }
    }
}
