using System.Buffers;
using System.Security.Cryptography;

namespace OneTimeLinks.Core.Panel;

/// <summary>
/// Panel session ids: <c>ps_</c>, 13 base32 digits of the creation ticks, then 8 random digits. Only these characters
/// can reach a RowKey, whatever a route or a panel URL sends.
/// </summary>
internal static class PanelSessionIds
{
    private const string Prefix = "ps_";
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case
    private static readonly SearchValues<char> AlphabetValues = SearchValues.Create(Alphabet);
    private const int TimeDigits = 13;
    private const int RandomDigits = 8;
    private const int Length = 3 + TimeDigits + RandomDigits;

    public static string New(DateTimeOffset createdAt)
    {
        Span<char> chars = stackalloc char[Length];
        Prefix.AsSpan().CopyTo(chars);
        var ticks = (ulong)createdAt.UtcTicks;
        for (var i = Prefix.Length + TimeDigits - 1; i >= Prefix.Length; i--)
        {
            chars[i] = Alphabet[(int)(ticks & 31)];
            ticks >>= 5;
        }

        for (var i = Prefix.Length + TimeDigits; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }

    public static bool IsValid(string? id) =>
        id is { Length: Length } && id.StartsWith(Prefix, StringComparison.Ordinal) && id.AsSpan(Prefix.Length).IndexOfAnyExcept(AlphabetValues) < 0;
}
