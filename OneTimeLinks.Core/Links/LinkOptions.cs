namespace OneTimeLinks.Core.Links;

/// <summary>Configuration section <c>Links</c>.</summary>
public sealed class LinkOptions
{
    public const string SectionName = "Links";

    /// <summary>
    /// The absolute base URL invitees reach the app on (for example https://book.example.com). Link URLs are built
    /// from it and never from the request's Host header, which a client controls.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Base64 of 32 random bytes: the AES-256 key that protects event data (link URLs) in the outbox.</summary>
    public string UrlProtectionKey { get; set; } = "";

    /// <summary>
    /// The version of <see cref="UrlProtectionKey"/>, written in front of every ciphertext (letters, digits, hyphens;
    /// at most 32). Rows written before versions existed carry none and are read as version <see cref="DefaultKeyId"/>.
    /// </summary>
    public string UrlProtectionKeyId { get; set; } = DefaultKeyId;

    /// <summary>Retired keys by version, kept after a rotation so older outbox and request rows stay readable.</summary>
    public Dictionary<string, string> PreviousUrlProtectionKeys { get; set; } = [];

    public const string DefaultKeyId = "1";

    /// <summary>The path of the public link routes, ending in '/'. The host knows its routes; it sets this.</summary>
    public string LinkPath { get; set; } = "";

    /// <summary>The path of the invitee's manage routes (change or cancel a booking), ending in '/'; set by the host.</summary>
    public string ManagePath { get; set; } = "";

    public string BuildUrl(CapabilityToken token) => $"{PublicBaseUrl.TrimEnd('/')}{LinkPath}{token.Value}";

    public string BuildManageUrl(CapabilityToken token) => $"{PublicBaseUrl.TrimEnd('/')}{ManagePath}{token.Value}";

    internal static bool IsValidPath(string? path) => path is { Length: > 1 } && path[0] == '/' && path[^1] == '/';

    internal static bool IsValidKey(string? value)
    {
        Span<byte> buffer = stackalloc byte[48];
        return value is not null && Convert.TryFromBase64String(value, buffer, out var written) && written == 32;
    }

    internal static bool IsValidKeyId(string? value) =>
        value is { Length: > 0 and <= 32 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    internal static byte[] DecodeKey(string value)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Links:UrlProtectionKey must be Base64 of 32 random bytes.");
        }

        return key.Length == 32 ? key : throw new InvalidOperationException("Links:UrlProtectionKey must be Base64 of 32 random bytes.");
    }
}
