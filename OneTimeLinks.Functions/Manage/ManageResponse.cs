using OneTimeLinks.Core.Booking;
using OneTimeLinks.Functions.Booking;
using OneTimeLinks.Functions.BookingManagement;

namespace OneTimeLinks.Functions.Manage;

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
