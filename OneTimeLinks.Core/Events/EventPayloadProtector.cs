using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Core.Events;

/// <summary>
/// Encrypts event data while it waits in the outbox (AES-256-GCM). A generated event carries the link URL, and the raw
/// token may live only in the create response and in the published event, never in storage in clear.
/// </summary>
public sealed class EventPayloadProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public EventPayloadProtector(IOptions<LinkOptions> options)
    {
        _key = LinkOptions.DecodeKey(options.Value.UrlProtectionKey);
    }

    public string Protect(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return Base64Url.EncodeToString(output);
    }

    public string Unprotect(string protectedText)
    {
        var input = Base64Url.DecodeFromChars(protectedText);
        var plain = new byte[input.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
