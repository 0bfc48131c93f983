namespace OneTimeLinks.Core.Bookings;

/// <summary>Booking ids: 32 lower-case hex digits of a random GUID.</summary>
internal static class BookingIds
{
    public static string New() => Guid.NewGuid().ToString("N");

    public static bool IsValid(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}
