using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// The Standard Webhooks signature: <c>v1,{base64 HMAC-SHA256(secret bytes, "{id}.{timestamp}.{body}")}</c>, one per
/// signing secret, space-separated (two during a rotation's overlap). The secret bytes are the base64 after <c>whsec_</c>.
/// With two or more secrets the first signature is repeated at the end: the official .NET verifier (the StandardWebhooks
/// package, 1.1.2) stops its loop before the last entry of a list, so without the repeat a receiver holding the old secret
/// would fail during every rotation. Verifiers that read the whole list, as the specification says, see a harmless repeat.
/// </summary>
internal static class WebhookSignature
{
    private const string SecretPrefix = "whsec_";

    public static string Sign(string webhookId, long timestamp, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets)
    {
        var prefix = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp.ToString(CultureInfo.InvariantCulture)}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var signatures = secrets.Select(secret => "v1," + Convert.ToBase64String(HMACSHA256.HashData(KeyOf(secret), signed))).ToList();
        if (signatures.Count > 1)
        {
            signatures.Add(signatures[0]);
        }

        return string.Join(' ', signatures);
    }

    private static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
}
