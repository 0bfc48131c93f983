using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Functions.Assets;

namespace OneTimeLinks.Functions.Pages;

/// <summary>The paths a page links to, built from configuration (never from the request's Host header).</summary>
internal sealed record PageUrls(string Link, string Book, string? CalendarFile = null);

/// <summary>
/// Turns the booking domain's outcomes into the invitee's HTML pages (and the .ics file and the 303 after a form
/// POST), each with the page headers. The function classes call this; they hold no markup.
/// </summary>
public sealed class BookingPages
{
    private readonly string _contentSecurityPolicy;
    private readonly string _linkPath;
    private readonly string _styleSheetUrl;
    private readonly string _scriptUrl;

    public BookingPages(IOptions<PagesOptions> options, IOptions<LinkOptions> links, AssetCatalog assets)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(assets);
        _contentSecurityPolicy = PageHeaders.ContentSecurityPolicy(options.Value);
        _linkPath = links.Value.LinkPath;
        _styleSheetUrl = options.Value.AssetPath + assets.PublicNameOf(AssetCatalog.StyleSheet);
        _scriptUrl = options.Value.AssetPath + assets.PublicNameOf(AssetCatalog.Script);
    }

    /// <summary>The booking page with the free slots; after a failed POST, with the input, errors and a notice.</summary>
    public IResult Booking(BookingPageModel model, int statusCode = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(model);
        var zone = TimeZoneChoices.Choose(model.RequestedZone, model.Calendar.TimeZone);
        var (title, body) = BookingPage.Render(model, zone, NewIdempotencyKey(), UrlsFor(model.Token));
        return Html(statusCode, title, body, script: true);
    }

    /// <summary>410 for a used, expired or revoked link.</summary>
    public IResult DeadLink(Calendar calendar, Link link, LinkStatus status)
    {
        var (title, body) = DeadLinkPage.Render(calendar, link, status);
        return Html(StatusCodes.Status410Gone, title, body, script: false);
    }

    /// <summary>404 for an unknown or malformed token, or a booking that is not this link's.</summary>
    public IResult NotFound()
    {
        var (title, body) = DeadLinkPage.RenderNotFound();
        return Html(StatusCodes.Status404NotFound, title, body, script: false);
    }

    /// <summary>A form the server cannot read (400) or that is too large (413).</summary>
    public IResult BadRequest(int statusCode, string message)
    {
        var (title, body) = DeadLinkPage.RenderBadRequest(message);
        return Html(statusCode, title, body, script: false);
    }

    public IResult Confirmation(Calendar calendar, Core.Booking.Booking booking, string token, string? requestedZone)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(booking);
        var zone = TimeZoneChoices.Choose(requestedZone, calendar.TimeZone);
        var urls = UrlsFor(token) with { CalendarFile = BookingPath(token, booking.BookingId) + "/ics" };
        var (title, body) = ConfirmationPage.Render(calendar, booking, zone, urls);
        return Html(StatusCodes.Status200OK, title, body, script: true);
    }

    public IResult CalendarFile(Calendar calendar, Core.Booking.Booking booking) =>
        PageResult.File(Pages.CalendarFile.Create(calendar, booking), "text/calendar; charset=utf-8", "booking.ics", _contentSecurityPolicy);

    /// <summary>303 to the confirmation page, keeping the zone the invitee saw the times in.</summary>
    public IResult SeeOtherToConfirmation(string token, string bookingId, string? requestedZone, string calendarZone)
    {
        var zone = TimeZoneChoices.Choose(requestedZone, calendarZone);
        var location = BookingPath(token, bookingId) + (zone.Explicit ? "?tz=" + Uri.EscapeDataString(zone.Id) : "");
        return PageResult.SeeOther(location, _contentSecurityPolicy);
    }

    /// <summary>32 random bytes per page render: the form's Idempotency-Key, so a resubmit replays instead of booking.</summary>
    internal static string NewIdempotencyKey() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private PageUrls UrlsFor(string token)
    {
        var link = _linkPath + Uri.EscapeDataString(token);
        return new PageUrls(link, link + "/book");
    }

    private string BookingPath(string token, string bookingId) =>
        $"{_linkPath}{Uri.EscapeDataString(token)}/bookings/{Uri.EscapeDataString(bookingId)}";

    private PageResult Html(int statusCode, string title, Markup body, bool script) =>
        PageResult.Html(statusCode, PageLayout.Render(title, body, _styleSheetUrl, script ? _scriptUrl : null), _contentSecurityPolicy);
}
