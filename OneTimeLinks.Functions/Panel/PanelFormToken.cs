using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using OneTimeLinks.Core.Panel;

namespace OneTimeLinks.Functions.Panel;

/// <summary>
/// The CSRF token every panel form carries (hidden field <see cref="FieldName"/>): a fresh random nonce per render and
/// an HMAC-SHA256 over the session id and that nonce, keyed by the session's stored secret hash. Only the server (which
/// reads the session row) can mint one, and a token of one session never verifies for another. The panel needs no
/// cookie, so this is a synchronizer token carried by the form alone.
/// </summary>
public static class PanelFormToken
{
    public const string FieldName = "formToken";

    private const int NonceBytes = 16;

    public static string Create(PanelSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        return Base64Url.EncodeToString(nonce) + "." + Base64Url.EncodeToString(Mac(session, nonce));
    }

    public static bool IsValid(PanelSession session, string? value)
    {
        ArgumentNullException.ThrowIfNull(session);
        var dot = value?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (value is null || value.Length > 100 || dot < 0)
        {
            return false;
        }

        Span<byte> nonce = stackalloc byte[NonceBytes];
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        return Base64Url.TryDecodeFromChars(value.AsSpan(0, dot), nonce, out var nonceLength) && nonceLength == NonceBytes
            && Base64Url.TryDecodeFromChars(value.AsSpan(dot + 1), mac, out var macLength) && macLength == mac.Length
            && CryptographicOperations.FixedTimeEquals(mac, Mac(session, nonce.ToArray()));
    }

    private static byte[] Mac(PanelSession session, byte[] nonce)
    {
        var key = Encoding.ASCII.GetBytes("otl-panel-form|" + session.TokenHash);
        var message = Encoding.ASCII.GetBytes(session.CalendarId + "|" + session.SessionId + "|" + Convert.ToHexStringLower(nonce));
        return HMACSHA256.HashData(key, message);
    }
}
