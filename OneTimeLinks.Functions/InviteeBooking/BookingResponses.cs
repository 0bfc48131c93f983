using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Functions.InviteeBooking;

/// <summary>
/// What an invitee's client sees when it opens a live link: one page of free slots; <see cref="NextFrom"/> (as
/// <c>?from=</c>) asks for the next, null at the horizon. No note, token or hash: the note is internal.
/// </summary>
internal sealed record OpenLinkResponse(
    string Status,
    OpenLinkCalendar Calendar,
    DateTimeOffset? ExpiresAt,
    OpenLinkContact? Contact,
    IReadOnlyList<SlotResponse> Slots,
    DateTimeOffset? NextFrom,
    int DurationMinutes,
    IReadOnlyList<int> Durations)
{
    /// <summary>The questions to answer when booking, in the invitee's language (empty when the calendar asks none).</summary>
    public IReadOnlyList<OneTimeLinks.Functions.Questions.VisibleQuestion> Questions { get; init; } = [];
}

internal sealed record OpenLinkCalendar(string Name, string TimeZone);

internal sealed record OpenLinkContact(string? Name, string? Email);

/// <summary>A value, not an object: an open answers with hundreds of them.</summary>
internal readonly record struct SlotResponse(DateTimeOffset Start, DateTimeOffset End);

/// <summary>The booking as the invitee's client sees it; <see cref="ManageUrl"/> only in the answer that booked.</summary>
internal sealed record BookingResponse(
    string BookingId, string LinkId, DateTimeOffset Start, DateTimeOffset End, string Name, string Email, string? ManageUrl = null)
{
    /// <summary>"confirmed", or "pending" for a request the owner has yet to confirm (issue 23).</summary>
    public string Status { get; init; } = "confirmed";

    /// <summary>A pending request's deadline for the owner's answer.</summary>
    public DateTimeOffset? ConfirmBy { get; init; }

    /// <summary>Times in the calendar's zone, so the offset tells the reader the owner's local time.</summary>
    public static BookingResponse From(BookableCalendar calendar, Booking booking, string? manageUrl = null)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZone);
        return new(
            booking.BookingId,
            booking.LinkId,
            TimeZoneInfo.ConvertTime(booking.Start, zone),
            TimeZoneInfo.ConvertTime(booking.End, zone),
            booking.Name,
            booking.Email,
            manageUrl)
        {
            Status = booking.Status.ToWireName(),
            ConfirmBy = booking.ConfirmBy,
        };
    }
}

internal static class DeadLinkText
{
    public static string Title(LinkStatus status) => status switch
    {
        LinkStatus.Used => "This link has been used",
        LinkStatus.Expired => "This link has expired",
        LinkStatus.Revoked => "This link has been withdrawn",
        _ => "This link is not available",
    };

    public static string Detail(LinkStatus status, BookableCalendar calendar) =>
        $"{Title(status)} and can no longer be used to book. {ContactSentence(calendar)}";

    /// <summary>What to do about an unknown or malformed link: the same words for JSON clients and the 404 page.</summary>
    public const string NotFoundAdvice = "Please check that you copied the whole link, or contact the person who sent it to you.";

    public const string NotFoundDetail = "This booking link is not valid. " + NotFoundAdvice;

    public static string ContactSentence(BookableCalendar calendar) =>
        string.IsNullOrWhiteSpace(calendar.ContactMessage)
            ? $"Please contact {calendar.Name} for a new link."
            : calendar.ContactMessage;
}
