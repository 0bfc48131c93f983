using System.Globalization;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Panel;
using OneTimeLinks.Functions.Assets;
using OneTimeLinks.Functions.Pages;
using OneTimeLinks.Functions.Pages.Panel;
using OneTimeLinks.Functions.Pages.Resources;
using RazorSlices;

namespace OneTimeLinks.Functions.Panel;

/// <summary>
/// Renders the owner's panel pages (Razor slices in <c>Pages/Panel/</c>, inside <c>PageLayout.cshtml</c>) with the page
/// headers and the session's own CSP <c>frame-ancestors</c>, and the pages every panel route shares: ended (404),
/// refused (403) and unreadable (400/413).
/// </summary>
public sealed class PanelPages
{
    private readonly string _styleSheetUrl;
    private readonly string _scriptUrl;
    private readonly PageText _text;

    public PanelPages(IOptions<PagesOptions> options, AssetCatalog assets, PageText text)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(assets);
        _styleSheetUrl = options.Value.AssetPath + assets.PublicNameOf(AssetCatalog.StyleSheet);
        _scriptUrl = options.Value.AssetPath + assets.PublicNameOf(AssetCatalog.PanelScript);
        _text = text;
    }

    /// <summary>
    /// What a panel page's model starts with: the layout's frame (language links back to <paramref name="relative"/>
    /// and <paramref name="query"/> unless the session fixed the language), the session and this render's form token.
    /// </summary>
    public PanelChrome Chrome(PanelContext context, string relative = "", string? query = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<LanguageChoice> choices = context.Session.Language is null
            ? [.. Languages.Supported.Select(code => new LanguageChoice(
                code, NativeName(code), context.Url(relative, query, code), code == context.Language.Code))]
            : [];
        return new PanelChrome(new PageFrame(context.Language, _text, _styleSheetUrl, _scriptUrl, choices), context, context.NewFormToken());
    }

    /// <summary>A panel page in the session's language, with its headers.</summary>
    public static IResult Page(PanelContext context, RazorSlice slice, int statusCode = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PageResult.Html(statusCode, slice, context.Language.Culture, PageHeaders.ContentSecurityPolicy(context.FrameAncestors));
    }

    /// <summary>303 after a POST (POST-redirect-GET): <paramref name="location"/> from <see cref="PanelContext.Url"/>.</summary>
    public static IResult SeeOther(PanelContext context, string location)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PageResult.SeeOther(location, PageHeaders.ContentSecurityPolicy(context.FrameAncestors));
    }

    /// <summary>A readable page for a refused or failed action: a title, a sentence and the way back to the panel.</summary>
    public IResult Problem(PanelContext context, int statusCode, string titleKey, string messageKey)
    {
        ArgumentNullException.ThrowIfNull(context);
        var frame = new PageFrame(context.Language, _text, _styleSheetUrl, null, []);
        return Page(context, PanelProblemPage.Create(new PanelProblemView(frame, titleKey, messageKey, context.Url())), statusCode);
    }

    /// <summary>403: the form token or the Origin was missing or wrong; nothing was done.</summary>
    public IResult Forbidden(PanelContext context) =>
        Problem(context, StatusCodes.Status403Forbidden, "Panel.Forbidden.Title", "Panel.Forbidden.Text");

    /// <summary>409: the link is used, expired or revoked, so it cannot be changed; nothing was.</summary>
    public IResult LinkNotActive(PanelContext context) =>
        Problem(context, StatusCodes.Status409Conflict, "Panel.NotActive.Title", "Panel.NotActive.Text");

    /// <summary>404: no such link in the session's calendar (another calendar's link is not found either).</summary>
    public IResult LinkNotFound(PanelContext context) =>
        Problem(context, StatusCodes.Status404NotFound, "Panel.LinkNotFound.Title", "Panel.LinkNotFound.Text");

    /// <summary>429: the session generated its links for this minute; <c>Retry-After</c> says when the next minute begins.</summary>
    public IResult TooManyGenerates(PanelContext context, TimeSpan retryAfter) =>
        new RetryAfterResult(
            Problem(context, StatusCodes.Status429TooManyRequests, "PanelLink.TooMany.Title", "PanelLink.TooMany.Text"), retryAfter);

    /// <summary>A form that could not be read (400) or was too large (413).</summary>
    public IResult Unreadable(PanelContext context, int statusCode) =>
        Problem(context, statusCode, "Error.Title", statusCode == StatusCodes.Status413PayloadTooLarge ? "Error.TooLarge" : "Error.Unreadable");

    /// <summary>
    /// 404 for an unknown, malformed, ended or expired session, or a calendar that is gone: the same words for all, so
    /// the page tells nobody which it was. A session whose secret matched keeps its language, its frame-ancestors (the
    /// CRM's iframe shows this page, not a browser error) and its return URL.
    /// </summary>
    public IResult Ended(HttpRequest request, PanelSession? session)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = PageLanguage.Resolve(session?.Language ?? request.Query["lang"].FirstOrDefault(), request.Headers.AcceptLanguage, null);
        var frame = new PageFrame(language, _text, _styleSheetUrl, null, []);
        var frameAncestors = session is { AllowedOrigins.Count: > 0 } ? string.Join(' ', session.AllowedOrigins) : "'none'";
        return PageResult.Html(
            StatusCodes.Status404NotFound,
            PanelEndedPage.Create(new PanelEndedView(frame, session?.ReturnUrl)),
            language.Culture,
            PageHeaders.ContentSecurityPolicy(frameAncestors));
    }

    private static string NativeName(string code)
    {
        var culture = CultureInfo.GetCultureInfo(code);
        return char.ToUpper(culture.NativeName[0], culture) + culture.NativeName[1..];
    }
}
