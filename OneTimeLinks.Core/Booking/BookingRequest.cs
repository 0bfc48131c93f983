namespace OneTimeLinks.Core.Booking;

/// <summary>The invitee's booking, as sent (JSON or form).</summary>
public sealed record BookingRequest(string? Start, string? Name, string? Email, string? Phone, string? Message);

/// <summary>A booking request that passed validation.</summary>
public sealed record ValidBookingRequest(DateTimeOffset Start, string Name, string Email, string? Phone, string? Message);

/// <summary>A confirmed booking of one slot through one link.</summary>
public sealed record Booking(
    string BookingId,
    string CalendarId,
    string LinkId,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Name,
    string Email,
    string? Phone,
    string? Message,
    DateTimeOffset CreatedAt);
