using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Functions.Bookings;

/// <summary>A booking with its state and history, for the CRM and the invitee's own client; times in the calendar's zone.</summary>
internal sealed record BookingDetailsResponse(
    string BookingId,
    string LinkId,
    string Status,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Name,
    string Email,
    string? Phone,
    string? Message,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CanceledAt,
    string? CanceledBy,
    string? CancelReason,
    IReadOnlyList<RescheduleResponse> History)
{
    /// <summary>A pending request's deadline: the sweep declines it then unless the owner answered.</summary>
    public DateTimeOffset? ConfirmBy { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }

    public DateTimeOffset? DeclinedAt { get; init; }

    public string? DeclineReason { get; init; }

    /// <summary>Whether the decline gave the link its use back; null unless declined.</summary>
    public bool? LinkReopened { get; init; }

    public string Attendance { get; init; } = "unknown";

    public string? AttendanceNote { get; init; }

    public DateTimeOffset? AttendanceMarkedAt { get; init; }

    /// <summary>The invitee's answers to the calendar's questions by question id (issue 23); empty for none.</summary>
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement> Answers { get; init; } = new Dictionary<string, System.Text.Json.JsonElement>();

    public static BookingDetailsResponse From(BookableCalendar calendar, Booking booking)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(calendar.TimeZone);
        DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);
        return new(
            booking.BookingId,
            booking.LinkId,
            booking.Status.ToWireName(),
            Local(booking.Start),
            Local(booking.End),
            booking.Name,
            booking.Email,
            booking.Phone,
            booking.Message,
            booking.CreatedAt,
            booking.Cancellation?.At,
            booking.Cancellation?.By.ToWireName(),
            booking.Cancellation?.Reason,
            [.. booking.History.Select(h => new RescheduleResponse(
                Local(h.PreviousStart), Local(h.PreviousEnd), Local(h.Start), Local(h.End), h.At, h.By.ToWireName()))])
        {
            ConfirmBy = booking.ConfirmBy,
            ConfirmedAt = booking.ConfirmedAt,
            DeclinedAt = booking.Decline?.At,
            DeclineReason = booking.Decline?.Reason,
            LinkReopened = booking.Decline?.LinkReopened,
            Attendance = booking.Attendance.ToWireName(),
            AttendanceNote = booking.AttendanceNote,
            AttendanceMarkedAt = booking.AttendanceMarkedAt,
            Answers = booking.Answers ?? new Dictionary<string, System.Text.Json.JsonElement>(),
        };
    }
}

internal sealed record RescheduleResponse(
    DateTimeOffset PreviousStart, DateTimeOffset PreviousEnd, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset At, string By);

internal sealed record BookingListResponse(IReadOnlyList<BookingDetailsResponse> Bookings, string? Continuation);
