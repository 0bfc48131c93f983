using OneTimeLinks.Core.Links;
using Calendar = OneTimeLinks.Core.Calendars.Calendar;

namespace OneTimeLinks.Functions.Pages;

// The models of the page templates, one per .cshtml file (public: the slices' generated proxies are public).

/// <summary>The paths a page links to, built from configuration (never from the request's Host header).</summary>
public sealed record PageUrls(string Link, string Book, string? CalendarFile = null);

public sealed record BookingView(PageFrame Frame, BookingPageModel Model, DisplayZone Zone, string IdempotencyKey, PageUrls Urls);

public sealed record ConfirmationView(PageFrame Frame, Calendar Calendar, Core.Booking.Booking Booking, DisplayZone Zone, DisplayZone CalendarZone, PageUrls Urls);

public sealed record DeadLinkView(PageFrame Frame, Calendar Calendar, Link Link, LinkStatus Status, DisplayZone Zone);

/// <summary>A form the server cannot read: <see cref="MessageKey"/> says why.</summary>
public sealed record ErrorView(PageFrame Frame, string MessageKey);
