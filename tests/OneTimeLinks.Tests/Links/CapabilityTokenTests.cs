using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Tests.Links;

public sealed class CapabilityTokenTests
{
    private const string CalendarId = "dr-smith_1";

    // 19 characters of the Crockford alphabet: a syntactically valid link id.
    private const string LinkId = "00000000000000abcde";

    // Base64url of 32 bytes of 0x5A: a syntactically valid secret (43 characters, no padding).
    private static readonly string Secret = Base64Url.EncodeToString(Enumerable.Repeat((byte)0x5A, 32).ToArray());

    // 32 lower-case hex digits: a syntactically valid booking id.
    private const string BookingId = "0123456789abcdef0123456789abcdef";

    private static string ValidValue => $"{CalendarId}.{LinkId}.{Secret}";

    private static string ValidManageValue => $"{CalendarId}.{BookingId}.{Secret}";

    [Fact]
    public void Create_Always_Has43CharacterBase64UrlSecretOf256Bits()
    {
        var token = CapabilityToken.Create(CalendarId, LinkId);

        Assert.Equal(43, token.Secret.Length);
        Assert.All(token.Secret, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not base64url"));
        Assert.Equal(32, Base64Url.DecodeFromChars(token.Secret).Length);
        Assert.Equal(CalendarId, token.CalendarId);
        Assert.Equal(LinkId, token.Id);
        Assert.Equal($"{CalendarId}.{LinkId}.{token.Secret}", token.Value);
    }

    [Fact]
    public void Create_TwiceForTheSameLink_GivesDifferentSecrets()
    {
        var first = CapabilityToken.Create(CalendarId, LinkId);
        var second = CapabilityToken.Create(CalendarId, LinkId);

        Assert.NotEqual(first.Secret, second.Secret);
        Assert.NotEqual(first.ComputeHash(), second.ComputeHash());
    }

    [Fact]
    public void TryParseLink_ValueOfCreatedToken_ReturnsTheSameToken()
    {
        var created = CapabilityToken.Create(CalendarId, LinkIds.New(TestClock.Pinned));

        var parsed = CapabilityToken.TryParseLink(created.Value, out var token);

        Assert.True(parsed);
        Assert.Equal(created, token);
    }

    [Fact]
    public void TryParseLink_HandBuiltValidValue_SplitsIntoItsThreeParts()
    {
        Assert.True(CapabilityToken.TryParseLink(ValidValue, out var token));

        Assert.Equal(CalendarId, token.CalendarId);
        Assert.Equal(LinkId, token.Id);
        Assert.Equal(Secret, token.Secret);
    }

    public static TheoryData<string, string?> MalformedValues()
    {
        var data = new TheoryData<string, string?>
        {
            { "null", null },
            { "empty", "" },
            { "only a secret", Secret },
            { "two parts", $"{LinkId}.{Secret}" },
            { "four parts", $"{CalendarId}.{LinkId}.{Secret}.extra" },
            { "trailing dot", ValidValue + "." },
            { "empty calendar id", $".{LinkId}.{Secret}" },
            { "calendar id with slash", $"dr/smith.{LinkId}.{Secret}" },
            { "calendar id of 65 characters", $"{new string('a', 65)}.{LinkId}.{Secret}" },
            { "link id one character short", $"{CalendarId}.{LinkId[..^1]}.{Secret}" },
            { "link id one character long", $"{CalendarId}.{LinkId}0.{Secret}" },
            { "link id upper case", $"{CalendarId}.{LinkId.ToUpperInvariant()}.{Secret}" },
            { "link id with excluded letter u", $"{CalendarId}.{LinkId[..^1]}u.{Secret}" },
            { "secret one character short", $"{CalendarId}.{LinkId}.{Secret[..^1]}" },
            { "secret one character long", $"{CalendarId}.{LinkId}.{Secret}A" },
            { "secret with standard base64 plus", $"{CalendarId}.{LinkId}.+{Secret[1..]}" },
            { "secret with standard base64 slash", $"{CalendarId}.{LinkId}./{Secret[1..]}" },
            { "secret with padding", $"{CalendarId}.{LinkId}.{Secret[..^1]}=" },
            { "secret with space", $"{CalendarId}.{LinkId}. {Secret[1..]}" },
            { "surrounding whitespace", $" {ValidValue} " },
            { "ten thousand characters", new string('a', 10_000) },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedValues))]
    public void TryParseLink_MalformedValue_ReturnsFalse(string variant, string? value)
    {
        var parsed = CapabilityToken.TryParseLink(value, out _);

        Assert.False(parsed, variant);
    }

    [Fact]
    public void TryParseManage_ValueOfCreatedToken_ReturnsTheSameToken()
    {
        var created = CapabilityToken.Create(CalendarId, OneTimeLinks.Core.Bookings.BookingIds.New());

        var parsed = CapabilityToken.TryParseManage(created.Value, out var token);

        Assert.True(parsed);
        Assert.Equal(created, token);
    }

    [Theory]
    [InlineData("booking id upper case", "0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("booking id one digit short", "0123456789abcdef0123456789abcde")]
    [InlineData("booking id with a non-hex letter", "0123456789abcdef0123456789abcdeg")]
    public void TryParseManage_MalformedBookingId_ReturnsFalse(string variant, string bookingId)
    {
        var parsed = CapabilityToken.TryParseManage($"{CalendarId}.{bookingId}.{Secret}", out _);

        Assert.False(parsed, variant);
    }

    [Fact]
    public void TryParseManage_LinkTokenValue_ReturnsFalse()
    {
        Assert.True(CapabilityToken.TryParseLink(ValidValue, out _));

        Assert.False(CapabilityToken.TryParseManage(ValidValue, out _));
    }

    [Fact]
    public void TryParseLink_ManageTokenValue_ReturnsFalse()
    {
        Assert.True(CapabilityToken.TryParseManage(ValidManageValue, out _));

        Assert.False(CapabilityToken.TryParseLink(ValidManageValue, out _));
    }

    [Fact]
    public void ComputeHash_KnownSecret_IsLowercaseHexSha256OfTheAsciiSecret()
    {
        // SHA-256("abc"), FIPS 180-2 test vector.
        var token = new CapabilityToken(CalendarId, LinkId, "abc");

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", token.ComputeHash());
    }

    [Fact]
    public void ComputeHash_CreatedToken_Is64LowercaseHexCharactersOfTheSecretOnly()
    {
        var token = CapabilityToken.Create(CalendarId, LinkId);

        var hash = token.ComputeHash();

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token.Secret))), hash);
        Assert.Equal(hash, (token with { CalendarId = "other", Id = "1111111111111111111" }).ComputeHash());
    }

    [Fact]
    public void Matches_OwnHash_ReturnsTrue()
    {
        var token = CapabilityToken.Create(CalendarId, LinkId);

        Assert.True(token.Matches(token.ComputeHash()));
    }

    [Fact]
    public void Matches_HashOfAnotherSecretForTheSameLink_ReturnsFalse()
    {
        var token = CapabilityToken.Create(CalendarId, LinkId);
        var other = CapabilityToken.Create(CalendarId, LinkId);

        Assert.False(token.Matches(other.ComputeHash()));
    }

    [Fact]
    public void Matches_HashDifferingInTheLastCharacter_ReturnsFalse()
    {
        var token = CapabilityToken.Create(CalendarId, LinkId);
        var hash = token.ComputeHash();
        var tampered = hash[..^1] + (hash[^1] == '0' ? '1' : '0');

        Assert.False(token.Matches(tampered));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad00")]
    public void Matches_MalformedStoredHash_ReturnsFalseWithoutThrowing(string storedHash)
    {
        var token = new CapabilityToken(CalendarId, LinkId, "abc");

        Assert.False(token.Matches(storedHash));
    }

    [Fact]
    public void ToString_Always_HidesTheSecret()
    {
        var token = CapabilityToken.Create(CalendarId, LinkId);

        var text = token.ToString();

        Assert.Equal($"{CalendarId}.{LinkId}.***", text);
        Assert.DoesNotContain(token.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Secret, $"{token}", StringComparison.Ordinal);
    }
}
