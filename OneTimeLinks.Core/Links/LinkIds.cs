using System.Security.Cryptography;

namespace OneTimeLinks.Core.Links;

/// <summary>
/// Link ids sort newest first as plain strings: 13 base32 digits of inverted creation ticks, then 6 random digits so two
/// links created in the same tick still differ. Listing a calendar's links newest first is then a forward range scan.
/// </summary>
internal static class LinkIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case
    private static readonly System.Buffers.SearchValues<char> AlphabetValues = System.Buffers.SearchValues.Create(Alphabet);
    private const int TimeDigits = 13;
    private const int RandomDigits = 6;
    public const int Length = TimeDigits + RandomDigits;

    public static string New(DateTimeOffset createdAt)
    {
        Span<char> chars = stackalloc char[Length];
        var inverted = (ulong)(DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks);
        for (var i = TimeDigits - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(inverted & 31)];
            inverted >>= 5;
        }

        for (var i = TimeDigits; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }

    public static bool IsValid(string? linkId) =>
        linkId is { Length: Length } && linkId.AsSpan().IndexOfAnyExcept(AlphabetValues) < 0;
}
