using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Panel;
using OneTimeLinks.Functions.Pages;

namespace OneTimeLinks.Functions.Panel;

/// <summary>
/// The one way into the owner's panel. <see cref="GetAsync"/> resolves the token in the path to a live session and its
/// calendar (the ended page otherwise); <see cref="PostAsync"/> also requires the panel's own <c>Origin</c> and a valid
/// form token of this session (a 403 page otherwise) before the action runs, so a refused POST writes nothing.
/// </summary>
public sealed class PanelGate(
    IPanelSessionService sessions, ICalendarService calendars, PanelPages pages, TimeProvider time, IOptions<LinkOptions> links, IOptions<PanelOptions> panel)
{
    private readonly string _origin = new Uri(links.Value.PublicBaseUrl).GetLeftPart(UriPartial.Authority);

    /// <summary>Runs <paramref name="page"/> for a live session; anything else gets the ended page.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, string token, Func<PanelContext, Task<IResult>> page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var (context, ended) = await ResolveAsync(request, token, cancellationToken);
        return context is null ? ended! : await page(context);
    }

    /// <summary>
    /// Runs <paramref name="action"/> with the form for a live session, once the request's <c>Origin</c> is the
    /// panel's own and the form's <see cref="PanelFormToken"/> verifies for this session.
    /// </summary>
    public async Task<IResult> PostAsync(
        HttpRequest request, string token, Func<PanelContext, IFormCollection, Task<IResult>> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var (context, ended) = await ResolveAsync(request, token, cancellationToken);
        if (context is null)
        {
            return ended!;
        }

        if (!IsOwnOrigin(request))
        {
            return pages.Forbidden(context);
        }

        var (form, failure) = await FormReader.ReadAsync(request, cancellationToken);
        if (form is null)
        {
            return pages.Unreadable(context, failure);
        }

        return PanelFormToken.IsValid(context.Session, FormReader.Single(form, PanelFormToken.FieldName))
            ? await action(context, form)
            : pages.Forbidden(context);
    }

    /// <summary>
    /// The panel's own origin, as the browser states it. The panel's pages send <c>Referrer-Policy: no-referrer</c> (the
    /// capability is in their URL), and under that policy browsers send <c>Origin: null</c> even on a same-origin form
    /// post (Fetch, "serializing a request origin"); they then still state where the post came from in
    /// <c>Sec-Fetch-Site</c>, a header no page can set. So: the exact origin, or <c>null</c> with <c>same-origin</c>.
    /// </summary>
    private bool IsOwnOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return string.Equals(origin, _origin, StringComparison.Ordinal)
            || (origin == "null" && string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "same-origin", StringComparison.Ordinal));
    }

    private async Task<(PanelContext? Context, IResult? Ended)> ResolveAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var session = await sessions.FindAsync(token, cancellationToken);
        if (session is null || session.GetStatus(time.GetUtcNow()) != PanelSessionStatus.Active
            || await calendars.GetAsync(session.CalendarId, cancellationToken) is not { } calendar)
        {
            return (null, pages.Ended(request, session));
        }

        var requested = session.Language ?? request.Query["lang"].FirstOrDefault();
        var language = PageLanguage.Resolve(requested, request.Headers.AcceptLanguage, calendar.Language);
        var zone = TimeZoneChoices.Choose(null, calendar.TimeZone, language.Culture);
        var carriesLanguage = session.Language is null && language.Explicit;
        return (new PanelContext(session, calendar, token, panel.Value.PanelPath, language, carriesLanguage, zone), null);
    }
}
