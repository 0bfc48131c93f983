using System.Security.Cryptography;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// Signing secrets in the Standard Webhooks form (<c>whsec_</c> + base64 of 32 random bytes). They must sign, so they
/// are kept encrypted, not hashed: with the key ring that protects link URLs (<see cref="EventPayloadProtector"/>), so
/// one Key Vault reference and one rotation procedure cover both.
/// </summary>
internal sealed class WebhookSecrets(EventPayloadProtector protector)
{
    public const string Prefix = "whsec_";

    public static string Create() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);

    /// <summary>The secrets a delivery is signed with now: the current one, and the previous one while its overlap lasts.</summary>
    public IReadOnlyList<string> SigningSecrets(StoredWebhook webhook, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var current = Unprotect(webhook.ProtectedSecret);
        return webhook is { ProtectedPreviousSecret: { } previous, PreviousSecretValidUntil: { } until } && until > now
            ? [current, Unprotect(previous)]
            : [current];
    }
}
