using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Outbound;

/// <summary>
/// The shape rules of a URL the app will connect out to (a webhook receiver, a busy-time feed): the one home of them.
/// Whether its host may be connected to is <see cref="OutboundAddressGuard"/>'s question, asked once the URL is well formed.
/// </summary>
internal static class OutboundUrl
{
    public const int MaxLength = 2000;

    /// <summary>The URL as an absolute http(s) URI, or null with an error on <paramref name="field"/>.</summary>
    /// <param name="allowLoopbackHttp">Whether plain http may pass here (the guard then requires a loopback host).</param>
    public static Uri? Parse(string? value, string field, bool allowLoopbackHttp, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "Is required.");
            return null;
        }

        if (value.Length > MaxLength)
        {
            errors.Add(field, $"Must be at most {MaxLength} characters.");
            return null;
        }

        // Uri would quietly trim or escape these; a URL the CRM means has none.
        if (value.Any(c => c <= ' ' || char.IsControl(c)))
        {
            errors.Add(field, "Must not contain spaces or control characters.");
            return null;
        }

        // On Linux "/hooks" parses as an absolute file URI; only http(s) with a host is something to connect to.
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(url.Host))
        {
            errors.Add(field, "Must be an absolute https URL.");
            return null;
        }

        if (url.Scheme == Uri.UriSchemeHttp && !allowLoopbackHttp)
        {
            errors.Add(field, "Must use https.");
            return null;
        }

        if (url.UserInfo.Length > 0 || Authority(value).Contains('@', StringComparison.Ordinal))
        {
            errors.Add(field, "Must not contain credentials (user info).");
            return null;
        }

        if (value.Contains('#', StringComparison.Ordinal))
        {
            errors.Add(field, "Must not have a fragment.");
            return null;
        }

        return url;
    }

    // "https://@host/" has an empty user info but is still a credentials form.
    private static string Authority(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = url.AsSpan(start).IndexOfAny("/?#");
        return end < 0 ? url[start..] : url.Substring(start, end);
    }
}
