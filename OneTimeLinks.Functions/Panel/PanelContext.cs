using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Panel;
using OneTimeLinks.Functions.Pages;

namespace OneTimeLinks.Functions.Panel;

/// <summary>
/// A live panel session and what every panel page needs from it: the calendar, the page language, the calendar's zone
/// (the panel shows every time there, named) and the panel's URLs. <see cref="PanelGate"/> builds it; a panel function
/// never sees a request whose session is unknown, ended or expired.
/// </summary>
/// <param name="Token">The raw capability from the path: it goes into every link and form action, never into a log.</param>
/// <param name="CarriesLanguage">The language came from <c>?lang=</c> (not the session): the panel's URLs keep it.</param>
public sealed record PanelContext(
    PanelSession Session, BookableCalendar Calendar, string Token, string PanelPath, PageLanguage Language, bool CarriesLanguage, DisplayZone Zone)
{
    /// <summary>Who the panel's events name: the session, and the owner as the CRM named them.</summary>
    public EventActor Actor => EventActor.Panel(Session.SessionId, Session.Actor?.Name);

    /// <summary>The CSP <c>frame-ancestors</c>: the origins the CRM listed when it minted the session, else 'none'.</summary>
    public string FrameAncestors => Session.AllowedOrigins.Count == 0 ? "'none'" : string.Join(' ', Session.AllowedOrigins);

    /// <summary>
    /// The path of a panel page or form action: <paramref name="relative"/> is empty for the links page or starts with
    /// '/', <paramref name="query"/> is already encoded (without '?'); the chosen language is appended when it came
    /// from <c>?lang=</c>.
    /// </summary>
    public string Url(string relative = "", string? query = null, string? language = null)
    {
        var parts = new List<string>(2);
        if (!string.IsNullOrEmpty(query))
        {
            parts.Add(query);
        }

        if (language is not null || CarriesLanguage)
        {
            parts.Add("lang=" + (language ?? Language.Code));
        }

        var path = PanelPath + Uri.EscapeDataString(Token) + relative;
        return parts.Count == 0 ? path : path + "?" + string.Join('&', parts);
    }

    /// <summary>A fresh CSRF token for one form of this render.</summary>
    public string NewFormToken() => PanelFormToken.Create(Session);
}
