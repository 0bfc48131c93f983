using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OneTimeLinks.Core.Links;

/// <summary>What makes two generate requests "the same" for one Idempotency-Key: every field as sent.</summary>
internal static class GenerateLinkFingerprint
{
    // The request as read, serialized again: the order of the body's fields and its spacing do not count; values do,
    // as sent (an expiresAt in another offset is another body, the metadata's key order too; a retry resends the same).
    // No body at all is the empty object: both generate the calendar's default link.
    public static string Of(GenerateLinkRequest? request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request ?? Empty))));

    private static readonly GenerateLinkRequest Empty = new(null, null, null, null);
}
