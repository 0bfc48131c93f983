using OneTimeLinks.Core.Bookings;

namespace OneTimeLinks.Functions.Pages.Panel;

// The models of the panel's bookings templates (PanelBookings*.cshtml beside this file).

/// <summary>What the bookings page says after a POST redirected to it.</summary>
public enum PanelBookingsNotice
{
    None,
    Confirmed,
    Declined,
    Canceled,
}

/// <summary>
/// One booking as the panel shows it: time in the calendar's zone, the invitee's name and email, its status, and the
/// note of the link it was made through (the owner's words, never translated). Never the invitee's answers or message.
/// A request is listed twice (waiting, and in the 14 days): <see cref="Section"/> keeps the ids apart, and its answer
/// forms are in the waiting section only.
/// </summary>
public sealed record PanelBookingItem(PanelChrome Chrome, Booking Booking, string? LinkNote, string Section)
{
    public const string Pending = "pending";

    public const string Upcoming = "upcoming";
}

/// <summary>The requests waiting for an answer and the next 14 days, each a page with a "Show more" URL.</summary>
public sealed record PanelBookingsView(
    PanelChrome Chrome,
    IReadOnlyList<Booking> Pending,
    string? MorePendingUrl,
    IReadOnlyList<Booking> Upcoming,
    string? MoreUpcomingUrl,
    DateTimeOffset UpcomingTo,
    IReadOnlyDictionary<string, string> LinkNotes,
    PanelBookingsNotice Notice)
{
    public PanelBookingItem Item(Booking booking, string section) =>
        new(Chrome, booking, LinkNotes.GetValueOrDefault(booking.LinkId), section);
}

/// <summary>The confirmation step before a cancel, with the optional reason.</summary>
public sealed record PanelCancelView(PanelChrome Chrome, Booking Booking)
{
    /// <summary>Reached from the booking's link page (<c>?from=link</c>): the form and "keep" return there.</summary>
    public bool ToLink { get; init; }
}
