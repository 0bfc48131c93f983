using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Functions.Panel;

namespace OneTimeLinks.Functions.Pages.Panel;

// The models of the panel's one-link templates (PanelLink*.cshtml beside this file).

/// <summary>What a link's page says after a POST redirected to it.</summary>
public enum PanelLinkNotice
{
    None,
    Updated,
    Canceled,
}

/// <summary>A link's facts as the list and the link's page both show them (created, expiry, note, contact, uses, opened).</summary>
public sealed record PanelLinkSummaryView(PanelChrome Chrome, Link Link);

/// <summary>One link's own page: its facts, its status, its bookings, and Edit and Revoke while it is active.</summary>
public sealed record PanelLinkView(PanelChrome Chrome, Link Link, LinkStatus Status, IReadOnlyList<Booking> Bookings, PanelLinkNotice Notice);

/// <summary>The Edit form of an active link: as the link is, or as posted with its errors.</summary>
public sealed record PanelLinkEditView(PanelChrome Chrome, Link Link, PanelLinkEditForm Form);
