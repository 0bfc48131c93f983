using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Functions.InviteeBooking;
using OneTimeLinks.Functions.Bookings;

namespace OneTimeLinks.Functions.InviteeManage;

/// <summary>The manage URL as JSON: the booking, whether the invitee may still change it, and the times it could move to.</summary>
internal sealed record ManageResponse(
    BookingDetailsResponse Booking, string CalendarName, bool CanChange, string? ContactMessage, IReadOnlyList<SlotResponse> Slots)
{
    public static ManageResponse From(ManageBookingOutcome.View view) => new(
        BookingDetailsResponse.From(view.Calendar, view.Booking),
        view.Calendar.Name,
        view.CanChange,
        view.Calendar.ContactMessage,
        [.. view.Slots.Select(slot => new SlotResponse(slot.Start, slot.End))]);
}
