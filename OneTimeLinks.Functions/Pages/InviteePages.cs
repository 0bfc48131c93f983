using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Functions.Assets;
using OneTimeLinks.Functions.Pages.Resources;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// The invitee's HTML pages (and the .ics file and the 303 after a form POST), each in the invitee's language and
/// with the page headers. Every page is a Razor slice (<c>*.cshtml</c> beside this file) in <c>PageLayout.cshtml</c>;
/// this class only builds their models.
/// </summary>
public sealed class InviteePages
{
    private readonly string _contentSecurityPolicy;
    private readonly string _linkPath;
    private readonly string _managePath;
    private readonly string _publicBaseUrl;
    private readonly string _styleSheetUrl;
    private readonly string _scriptUrl;
    private readonly PageText _text;

    public InviteePages(IOptions<PagesOptions> options, IOptions<LinkOptions> links, AssetCatalog assets, PageText text)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(assets);
        _contentSecurityPolicy = PageHeaders.ContentSecurityPolicy(options.Value);
        _linkPath = links.Value.LinkPath;
        _managePath = links.Value.ManagePath;
        _publicBaseUrl = links.Value.PublicBaseUrl.TrimEnd('/');
        _styleSheetUrl = options.Value.AssetPath + assets.PublicNameOf(AssetCatalog.StyleSheet);
        _scriptUrl = options.Value.AssetPath + assets.PublicNameOf(AssetCatalog.Script);
        _text = text;
    }

    /// <summary>The booking page with the free slots; after a failed POST, with the input, errors and a notice.</summary>
    public IResult Booking(PageRequest request, BookingPageModel model, int statusCode = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(model);
        var language = LanguageOf(request, model.Calendar);
        var zone = TimeZoneChoices.Choose(request.Zone, model.Calendar.TimeZone, language.Culture);
        var urls = UrlsFor(model.Token, request.Utm);
        var frame = Frame(language, script: true, urls.Link, zone);
        // Another length reopens the page from its first slot, in the chosen language; the zone is the form's to carry.
        IReadOnlyList<DurationChoice> durations = [.. model.Durations.Select(minutes => new DurationChoice(
            minutes, urls.Link + Query(language, zone: null, first: "duration=" + minutes), minutes == model.Calendar.SlotMinutes))];
        return Page(statusCode, BookingPage.Create(new BookingView(frame, model, zone, NewIdempotencyKey(), urls, durations)), language);
    }

    /// <summary>410 for a used, expired or revoked link.</summary>
    public IResult DeadLink(PageRequest request, BookableCalendar calendar, Link link, LinkStatus status)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(calendar);
        var language = LanguageOf(request, calendar);
        var zone = TimeZoneChoices.Choose(null, calendar.TimeZone, language.Culture);
        var frame = Frame(language, script: false, selfUrl: null, zone: null);
        return Page(StatusCodes.Status410Gone, DeadLinkPage.Create(new DeadLinkView(frame, calendar, link, status, zone)), language);
    }

    /// <summary>404 for an unknown or malformed token, or a booking that is not this link's: the same page for all.</summary>
    public IResult NotFound(PageRequest request)
    {
        var language = LanguageOf(request, calendar: null);
        return Page(StatusCodes.Status404NotFound, NotFoundPage.Create(Frame(language, script: false, selfUrl: null, zone: null)), language);
    }

    /// <summary>A form the server cannot read (400) or that is too large (413).</summary>
    public IResult BadRequest(PageRequest request, int statusCode)
    {
        var language = LanguageOf(request, calendar: null);
        var message = statusCode == StatusCodes.Status413PayloadTooLarge ? "Error.TooLarge" : "Error.Unreadable";
        return Page(statusCode, ErrorPage.Create(new ErrorView(Frame(language, script: false, selfUrl: null, zone: null), message)), language);
    }

    public IResult Confirmation(PageRequest request, BookableCalendar calendar, Booking booking, string token)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(booking);
        var language = LanguageOf(request, calendar);
        var zone = TimeZoneChoices.Choose(request.Zone, calendar.TimeZone, language.Culture);
        var calendarZone = TimeZoneChoices.Choose(null, calendar.TimeZone, language.Culture);
        var self = BookingPath(token, booking.BookingId);
        var manage = ManageTokenOf(request, booking);
        var urls = UrlsFor(token) with
        {
            CalendarFile = self + "/ics" + Query(language, zone: null),
            Manage = manage is null ? null : ManagePath(manage) + Query(language, zone),
        };
        var frame = Frame(language, script: true, self, zone);
        return Page(StatusCodes.Status200OK, ConfirmationPage.Create(new ConfirmationView(frame, calendar, booking, zone, calendarZone, urls)), language);
    }

    public IResult CalendarFile(PageRequest request, BookableCalendar calendar, Booking booking)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(calendar);
        var language = LanguageOf(request, calendar);
        var manageUrl = ManageTokenOf(request, booking) is { } manage ? _publicBaseUrl + ManagePath(manage) : null;
        var content = BookingCalendarFile.Create(calendar, booking, manageUrl, _text, language.Culture);
        return PageResult.File(content, "text/calendar; charset=utf-8", "booking.ics", _contentSecurityPolicy);
    }

    /// <summary>
    /// 303 to the confirmation page, keeping the zone the invitee saw the times in and their chosen language. A new
    /// booking's manage token goes with it in a cookie for that page alone: storage keeps only its hash, so this is the
    /// one way the page can show the invitee their manage link. A replayed form has no token to give.
    /// </summary>
    public IResult SeeOtherToConfirmation(PageRequest request, string token, string bookingId, BookableCalendar calendar, CapabilityToken? manage)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(calendar);
        var language = LanguageOf(request, calendar);
        var zone = TimeZoneChoices.Choose(request.Zone, calendar.TimeZone, language.Culture);
        var location = BookingPath(token, bookingId) + Query(language, zone);
        return manage is null
            ? PageResult.SeeOther(location, _contentSecurityPolicy)
            : PageResult.SeeOther(location, (PageRequest.ManageCookie, manage.Value), _contentSecurityPolicy);
    }

    /// <summary>The invitee's manage page: the booking, and while it may still be changed, its cancel and reschedule forms.</summary>
    public IResult Manage(
        PageRequest request, ManageBookingOutcome.View view, string token, ManagePageNotice notice = ManagePageNotice.None, int statusCode = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(view);
        var language = LanguageOf(request, view.Calendar);
        var zone = TimeZoneChoices.Choose(request.Zone, view.Calendar.TimeZone, language.Culture);
        var calendarZone = TimeZoneChoices.Choose(null, view.Calendar.TimeZone, language.Culture);
        var self = _managePath + Uri.EscapeDataString(token);
        var urls = new ManageUrls(self + "/cancel", self + "/reschedule");
        var frame = Frame(language, script: true, self, zone);
        var model = new ManageView(frame, view.Calendar, view.Booking, view.CanChange, view.Slots, zone, calendarZone, NewIdempotencyKey(), urls, notice);
        return Page(statusCode, ManagePage.Create(model), language);
    }

    /// <summary>303 back to the manage page after a change, saying what happened.</summary>
    public IResult SeeOtherToManage(PageRequest request, string token, BookableCalendar calendar, ManagePageNotice done)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(calendar);
        var language = LanguageOf(request, calendar);
        var zone = TimeZoneChoices.Choose(request.Zone, calendar.TimeZone, language.Culture);
        var query = Query(language, zone);
        return PageResult.SeeOther(
            _managePath + Uri.EscapeDataString(token) + (query.Length == 0 ? "?" : query + "&") + ManageNoticeQuery.Parameter(done), _contentSecurityPolicy);
    }

    /// <summary>32 random bytes per page render: the form's Idempotency-Key, so a resubmit replays instead of booking.</summary>
    internal static string NewIdempotencyKey() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static PageLanguage LanguageOf(PageRequest request, BookableCalendar? calendar) =>
        PageLanguage.Resolve(request.Language, request.AcceptLanguage, calendar?.Language);

    /// <summary>
    /// <c>?tz=…&amp;lang=…</c> with only what the invitee chose explicitly (the defaults need no parameter), after
    /// <paramref name="first"/> when the page's own parameter leads.
    /// </summary>
    private static string Query(PageLanguage language, DisplayZone? zone, string? languageCode = null, string? first = null)
    {
        var parts = new List<string>(3);
        if (first is not null)
        {
            parts.Add(first);
        }

        if (zone is { Explicit: true })
        {
            parts.Add("tz=" + Uri.EscapeDataString(zone.Id));
        }

        if (languageCode is not null || language.Explicit)
        {
            parts.Add("lang=" + (languageCode ?? language.Code));
        }

        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    /// <summary>
    /// The frame of a page; <paramref name="selfUrl"/> (the page's own path) adds the language links. Pages that answer
    /// many different URLs in the same words (404, 410, 400) have none.
    /// </summary>
    private PageFrame Frame(PageLanguage language, bool script, string? selfUrl, DisplayZone? zone)
    {
        IReadOnlyList<LanguageChoice> choices = selfUrl is not null
            ? [.. Languages.Supported.Select(code => new LanguageChoice(
                code, NativeName(code), selfUrl + Query(language, zone, code), code == language.Code))]
            : [];
        return new PageFrame(language, _text, _styleSheetUrl, script ? _scriptUrl : null, choices);
    }

    private static string NativeName(string code)
    {
        var name = CultureInfo.GetCultureInfo(code).NativeName;
        return char.ToUpper(name[0], CultureInfo.GetCultureInfo(code)) + name[1..];
    }

    private PageResult Page(int statusCode, RazorSlices.RazorSlice slice, PageLanguage language) =>
        PageResult.Html(statusCode, slice, language.Culture, _contentSecurityPolicy);

    private PageUrls UrlsFor(string token, IReadOnlyDictionary<string, string>? utm = null)
    {
        var link = _linkPath + Uri.EscapeDataString(token);
        var utmQuery = utm is null ? "" : "?" + string.Join('&', utm.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        return new PageUrls(link, link + "/book" + utmQuery);
    }

    private string ManagePath(string manageToken) => _managePath + Uri.EscapeDataString(manageToken);

    /// <summary>The manage token the request carries, if it is this booking's: otherwise no manage link is shown.</summary>
    private static string? ManageTokenOf(PageRequest request, Booking booking) =>
        CapabilityToken.TryParseManage(request.Manage, out var token) && token.Id == booking.BookingId && token.Matches(booking.ManageTokenHash)
            ? token.Value
            : null;

    private string BookingPath(string token, string bookingId) =>
        $"{_linkPath}{Uri.EscapeDataString(token)}/bookings/{Uri.EscapeDataString(bookingId)}";
}
