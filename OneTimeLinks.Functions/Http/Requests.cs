namespace OneTimeLinks.Functions.Http;

internal static class Requests
{
    public const int MinIdempotencyKeyLength = 8;
    public const int MaxIdempotencyKeyLength = 255;

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

        if (!IsValidIdempotencyKey(value))
        {
            return false;
        }

        key = value;
        return true;
    }

    /// <summary>
    /// The shape of an idempotency key, whether it came as the header or as a page form's hidden field: visible ASCII
    /// only (it travels in a header), long enough not to collide by chance, short enough to bound what we hash.
    /// </summary>
    public static bool IsValidIdempotencyKey(string? key) =>
        key is { Length: >= MinIdempotencyKeyLength and <= MaxIdempotencyKeyLength } && key.All(c => c is >= '!' and <= '~');

    /// <summary>Lists with the <c>pageSize</c> query parameter, or answers 422 when it is not a whole number.</summary>
    public static Task<IResult> WithPageSize(HttpRequest request, Func<int?, Task<IResult>> list) =>
        TryGetInt(request, "pageSize", out var pageSize)
            ? list(pageSize)
            : Task.FromResult(Problems.InvalidField("pageSize", "Must be a whole number."));

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
