using System.Buffers.Text;
using System.Security.Cryptography;

namespace OneTimeLinks.Core.Links;

/// <summary>
/// The capability carried in a link's URL: <c>{calendarId}.{linkId}.{secret}</c>. The calendar and link ids route the
/// request to one table partition and row (a point read, no index lookup); only the secret authorizes, and storage
/// keeps just its SHA-256.
/// </summary>
public sealed record LinkToken(string CalendarId, string LinkId, string Secret)
{
    // 256 bits from the CSPRNG; a fast hash is enough for a secret this long (no dictionary to attack).
    private const int SecretBytes = 32;
    private const int EncodedSecretLength = 43;

    public string Value => $"{CalendarId}.{LinkId}.{Secret}";

    public static LinkToken Create(string calendarId, string linkId) =>
        new(calendarId, linkId, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes)));

    public static bool TryParse(string? value, out LinkToken token)
    {
        token = null!;
        if (string.IsNullOrEmpty(value) || value.Length > 200)
        {
            return false;
        }

        var parts = value.Split('.');
        if (parts.Length != 3 || !LinkIds.IsValid(parts[1]) || parts[2].Length != EncodedSecretLength
            || !Base64Url.IsValid(parts[2]) || !Calendars.CalendarValidator.IsValidCalendarId(parts[0]))
        {
            return false;
        }

        token = new LinkToken(parts[0], parts[1], parts[2]);
        return true;
    }

    public string ComputeHash() => HashSecret(Secret);

    /// <summary>Compares in constant time so response timing says nothing about how much of a guess matched.</summary>
    public bool Matches(string storedHash)
    {
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        if (storedHash.Length != SHA256.HashSizeInBytes * 2
            || Convert.FromHexString(storedHash, expected, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != expected.Length)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(Secret), actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    public override string ToString() => $"{CalendarId}.{LinkId}.***";

    private static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(secret)));
}
