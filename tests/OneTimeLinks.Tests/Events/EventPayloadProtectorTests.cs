using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Tests.Events;

public sealed class EventPayloadProtectorTests
{
    private const string KeyA = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private const string KeyB = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=";
    private const string Plain = """{"url":"https://book.example.test/api/l/c.l.secret"}""";

    [Fact]
    public void Protect_CurrentKey_PrefixesTheKeyVersionAndHidesThePlaintext()
    {
        // Arrange
        var protector = Create(KeyA, "2025-01");

        // Act
        var protectedText = protector.Protect(Plain);

        // Assert
        Assert.StartsWith("2025-01:", protectedText, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", protectedText, StringComparison.Ordinal);
        Assert.Equal(Plain, protector.Unprotect(protectedText));
    }

    [Fact]
    public void Unprotect_RowWrittenBeforeARotation_ReadsItWithTheRetiredKey()
    {
        // Arrange
        var before = Create(KeyA, "k1").Protect(Plain);
        var after = Create(KeyB, "k2", new() { ["k1"] = KeyA });

        // Act
        var plain = after.Unprotect(before);

        // Assert
        Assert.Equal(Plain, plain);
        Assert.StartsWith("k2:", after.Protect(Plain), StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotect_VersionNoLongerConfigured_ThrowsNamingTheVersion()
    {
        // Arrange
        var before = Create(KeyA, "k1").Protect(Plain);
        var after = Create(KeyB, "k2");

        // Act
        var ex = Assert.Throws<InvalidOperationException>(() => after.Unprotect(before));

        // Assert
        Assert.Contains("'k1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotect_UnversionedRowFromBeforeKeyVersions_ReadsItAsVersionOne()
    {
        // Arrange: the format before versions, base64url(nonce | tag | data) with no prefix.
        var legacy = LegacyProtect(Convert.FromBase64String(KeyA), Plain);
        var protector = Create(KeyB, "2", new() { [LinkOptions.DefaultKeyId] = KeyA });

        // Act
        var plain = protector.Unprotect(legacy);

        // Assert
        Assert.Equal(Plain, plain);
    }

    private static EventPayloadProtector Create(string key, string keyId, Dictionary<string, string>? previous = null) =>
        new(Options.Create(new LinkOptions { UrlProtectionKey = key, UrlProtectionKeyId = keyId, PreviousUrlProtectionKeys = previous ?? [] }));

    private static string LegacyProtect(byte[] key, string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[12 + 16 + plain.Length];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(output.AsSpan(0, 12), plain, output.AsSpan(28), output.AsSpan(12, 16));
        return Base64Url.EncodeToString(output);
    }
}
