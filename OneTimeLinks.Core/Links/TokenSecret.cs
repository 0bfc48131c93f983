using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OneTimeLinks.Core.Links;

/// <summary>
/// The secret part of every capability URL (a link's and a booking's manage URL): 256 bits from the CSPRNG, base64url.
/// Storage keeps only its SHA-256; a fast hash is enough for a secret this long (no dictionary to attack).
/// </summary>
internal static class TokenSecret
{
    private const int SecretBytes = 32;
    public const int EncodedLength = 43;

    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    public static bool IsWellFormed(string value) => value.Length == EncodedLength && Base64Url.IsValid(value);

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    /// <summary>Compares in constant time so response timing says nothing about how much of a guess matched.</summary>
    public static bool Matches(string secret, string storedHash)
    {
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        if (storedHash.Length != SHA256.HashSizeInBytes * 2
            || Convert.FromHexString(storedHash, expected, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != expected.Length)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.ASCII.GetBytes(secret), actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
