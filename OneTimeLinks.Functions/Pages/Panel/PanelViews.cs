using OneTimeLinks.Core.Links;
using OneTimeLinks.Functions.Panel;

namespace OneTimeLinks.Functions.Pages.Panel;

// The models of the panel's page templates, one per .cshtml file beside this one (public: the slices' proxies are).

/// <summary>
/// What every panel page of a live session starts from: the layout's frame, the session's context (URLs, zone, actor)
/// and this render's CSRF token, which every form of the page posts as <see cref="PanelFormToken.FieldName"/>.
/// </summary>
public sealed record PanelChrome(PageFrame Frame, PanelContext Context, string FormToken)
{
    public LayoutModel Layout(string title) => Frame.Layout(title + " \u2013 " + Context.Calendar.Name);
}

/// <summary>The page of an unknown, ended or expired session; <see cref="ReturnUrl"/> when the CRM gave one.</summary>
public sealed record PanelEndedView(PageFrame Frame, Uri? ReturnUrl);

/// <summary>A refused or failed panel action: a title and a sentence (page text keys) and the way back.</summary>
public sealed record PanelProblemView(PageFrame Frame, string TitleKey, string MessageKey, string BackUrl);

/// <summary>What the links page says after a POST redirected to it.</summary>
public enum PanelLinksNotice
{
    None,
    Revoked,
}

/// <summary>One tab of the links page: a page of links of one status, newest first; <see cref="MoreUrl"/> for the next.</summary>
public sealed record PanelLinksView(PanelChrome Chrome, LinkStatus Tab, IReadOnlyList<Link> Links, string? MoreUrl, PanelLinksNotice Notice)
{
    /// <summary>Each tab's count; null when the calendar could not be counted (it went meanwhile).</summary>
    public LinkCounts? Counts { get; init; }

    /// <summary>The search text the list is filtered by (note or contact), or null for the whole tab.</summary>
    public string? Search { get; init; }

    /// <summary>The Generate form (on the active tab): empty, or as posted with its errors.</summary>
    public PanelGenerateForm Generate { get; init; } = PanelGenerateForm.Empty;

    /// <summary>The link a Generate POST just made, with the only copy of its URL this page will ever show.</summary>
    public PanelGeneratedLink? Created { get; init; }
}

/// <summary>A link the panel just generated and its capability URL.</summary>
public sealed record PanelGeneratedLink(Link Link, string Url);

/// <summary>The confirmation step before a revoke.</summary>
public sealed record PanelRevokeView(PanelChrome Chrome, Link Link);
