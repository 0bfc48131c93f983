using System.Buffers;
using System.Security.Cryptography;

namespace OneTimeLinks.Core.Validation;

/// <summary>
/// Ids of the form <c>{prefix}</c>, 13 base32 digits of the creation ticks (so a partition's rows read oldest first),
/// then 8 random digits. Only these characters can reach a RowKey, whatever a route or a URL sends. Webhook
/// subscriptions (<c>wh_</c>) and panel sessions (<c>ps_</c>) are made this way.
/// </summary>
internal sealed class TimeOrderedIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case
    private static readonly SearchValues<char> AlphabetValues = SearchValues.Create(Alphabet);
    private const int TimeDigits = 13;
    private const int RandomDigits = 8;

    private readonly string _prefix;
    private readonly int _length;

    public TimeOrderedIds(string prefix)
    {
        _prefix = prefix;
        _length = prefix.Length + TimeDigits + RandomDigits;
    }

    public string New(DateTimeOffset createdAt)
    {
        Span<char> chars = stackalloc char[_length];
        _prefix.AsSpan().CopyTo(chars);
        var ticks = (ulong)createdAt.UtcTicks;
        for (var i = _prefix.Length + TimeDigits - 1; i >= _prefix.Length; i--)
        {
            chars[i] = Alphabet[(int)(ticks & 31)];
            ticks >>= 5;
        }

        for (var i = _prefix.Length + TimeDigits; i < _length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }

    public bool IsValid(string? id) =>
        id is not null && id.Length == _length && id.StartsWith(_prefix, StringComparison.Ordinal)
        && id.AsSpan(_prefix.Length).IndexOfAnyExcept(AlphabetValues) < 0;
}
