using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Functions.Pages;

// The models of the page templates, one per .cshtml file (public: the slices' generated proxies are public).

/// <summary>The paths a page links to, built from configuration (never from the request's Host header).</summary>
public sealed record PageUrls(string Link, string Book, string? CalendarFile = null, string? Manage = null);

public sealed record BookingView(
    PageFrame Frame, BookingPageModel Model, DisplayZone Zone, string IdempotencyKey, PageUrls Urls, IReadOnlyList<DurationChoice> DurationChoices);

/// <summary>One appointment length the link offers, as the booking page links to it (the current one is not a link).</summary>
public sealed record DurationChoice(int Minutes, string Url, bool Current);

public sealed record ConfirmationView(PageFrame Frame, BookableCalendar Calendar, Booking Booking, DisplayZone Zone, DisplayZone CalendarZone, PageUrls Urls);

public sealed record DeadLinkView(PageFrame Frame, BookableCalendar Calendar, Link Link, LinkStatus Status, DisplayZone Zone);

/// <summary>A form the server cannot read: <see cref="MessageKey"/> says why.</summary>
public sealed record ErrorView(PageFrame Frame, string MessageKey);

/// <summary>Why the manage page is shown after a POST; <see cref="None"/> on a plain GET.</summary>
public enum ManagePageNotice
{
    None,
    Canceled,
    Rescheduled,

    /// <summary>The chosen time is not free (or not offered); HTTP 409.</summary>
    NotFree,

    /// <summary>Past the change notice; HTTP 409.</summary>
    TooLate,

    /// <summary>Concurrent writers kept the booking busy; HTTP 409.</summary>
    Busy,

    /// <summary>No time was chosen; HTTP 422.</summary>
    NoTimeChosen,
}

/// <summary>The paths of the manage page's forms.</summary>
public sealed record ManageUrls(string Cancel, string Reschedule);

public sealed record ManageView(
    PageFrame Frame,
    BookableCalendar Calendar,
    Booking Booking,
    bool CanChange,
    IReadOnlyList<Core.Calendars.Slot> Slots,
    DisplayZone Zone,
    DisplayZone CalendarZone,
    string IdempotencyKey,
    ManageUrls Urls,
    ManagePageNotice Notice);
