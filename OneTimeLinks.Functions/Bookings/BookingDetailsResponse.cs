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
                Local(h.PreviousStart), Local(h.PreviousEnd), Local(h.Start), Local(h.End), h.At, h.By.ToWireName()))]);
    }
}

internal sealed record RescheduleResponse(
    DateTimeOffset PreviousStart, DateTimeOffset PreviousEnd, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset At, string By);

internal sealed record BookingListResponse(IReadOnlyList<BookingDetailsResponse> Bookings, string? Continuation);
