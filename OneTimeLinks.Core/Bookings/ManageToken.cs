using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Core.Bookings;

/// <summary>
/// The invitee's capability to change one booking after the link is used: <c>{calendarId}.{bookingId}.{secret}</c> in
/// the manage URL. Its secret is drawn on its own (independent of the link's), and storage keeps only its SHA-256.
/// </summary>
public sealed record ManageToken(string CalendarId, string BookingId, string Secret)
{
    public string Value => $"{CalendarId}.{BookingId}.{Secret}";

    public static ManageToken Create(string calendarId, string bookingId) => new(calendarId, bookingId, TokenSecret.Create());

    public static bool TryParse(string? value, out ManageToken token)
    {
        token = null!;
        if (string.IsNullOrEmpty(value) || value.Length > 200)
        {
            return false;
        }

        var parts = value.Split('.');
        if (parts.Length != 3 || !BookingIds.IsValid(parts[1]) || !TokenSecret.IsWellFormed(parts[2])
            || !Calendars.CalendarValidator.IsValidCalendarId(parts[0]))
        {
            return false;
        }

        token = new ManageToken(parts[0], parts[1], parts[2]);
        return true;
    }

    public string ComputeHash() => TokenSecret.Hash(Secret);

    public bool Matches(string storedHash) => TokenSecret.Matches(Secret, storedHash);

    public override string ToString() => $"{CalendarId}.{BookingId}.***";
}

/// <summary>Booking ids: 32 lower-case hex digits of a random GUID.</summary>
internal static class BookingIds
{
    public static string New() => Guid.NewGuid().ToString("N");

    public static bool IsValid(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}
