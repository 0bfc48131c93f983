using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Core.Events;

/// <summary>
/// Encrypts event data while it waits in the outbox (AES-256-GCM). A generated event carries the link URL, and the raw
/// token may live only in the create response and in the published event, never in storage in clear.
/// The ciphertext is <c>{keyId}:{base64url(nonce | tag | data)}</c>: after a deliberate rotation the retired key stays
/// in <see cref="LinkOptions.PreviousUrlProtectionKeys"/> and older rows are still read with it.
/// </summary>
internal sealed class EventPayloadProtector(IOptions<LinkOptions> options)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const char Separator = ':';
    private readonly string _keyId = options.Value.UrlProtectionKeyId;
    private readonly byte[] _key = LinkOptions.DecodeKey(options.Value.UrlProtectionKey);
    private readonly Dictionary<string, byte[]> _keys = KeysById(options.Value);

    public string Protect(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return $"{_keyId}{Separator}{Base64Url.EncodeToString(output)}";
    }

    public string Unprotect(string protectedText)
    {
        var separator = protectedText.IndexOf(Separator, StringComparison.Ordinal);
        var keyId = separator < 0 ? LinkOptions.DefaultKeyId : protectedText[..separator];
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new InvalidOperationException(
                $"Event data was protected with URL key version '{keyId}', which is neither Links:UrlProtectionKeyId nor in Links:PreviousUrlProtectionKeys.");
        }

        var input = Base64Url.DecodeFromChars(protectedText.AsSpan(separator + 1));
        var plain = new byte[input.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Every key that may have protected a stored row: the retired ones, and the current one under its id.</summary>
    private static Dictionary<string, byte[]> KeysById(LinkOptions links)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, previous) in links.PreviousUrlProtectionKeys)
        {
            keys[id] = LinkOptions.DecodeKey(previous);
        }

        keys[links.UrlProtectionKeyId] = LinkOptions.DecodeKey(links.UrlProtectionKey);
        return keys;
    }
}
