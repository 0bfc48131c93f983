using Microsoft.AspNetCore.Http;

namespace OneTimeLinks.Functions.Http;

internal static class Requests
{
    /// <summary>
    /// The Idempotency-Key header: a token (Stripe style) or an RFC 8941 sf-string (the IETF draft's form).
    /// Returns false for a malformed key; null when none was sent.
    /// </summary>
    public static bool TryGetIdempotencyKey(HttpRequest request, out string? key)
    {
        key = null;
        var values = request.Headers["Idempotency-Key"];
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1)
        {
            return false;
        }

        var value = values[0]!.Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        if (value.Length is < 8 or > 255 || value.Any(c => c is < '!' or > '~'))
        {
            return false;
        }

        key = value;
        return true;
    }

    /// <summary>
    /// A route value as the client meant it. Routing decodes every escape in a path segment except "%2F", which it
    /// leaves encoded so that "/" cannot split the segment; ids the CRM owns (busy intervals) may hold a "/".
    /// </summary>
    public static string RouteSegment(string value) => value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    public static bool TryGetInt(HttpRequest request, string name, out int? value)
    {
        value = null;
        var raw = request.Query[name];
        if (raw.Count == 0)
        {
            return true;
        }

        if (int.TryParse(raw[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }
}
