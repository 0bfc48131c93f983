namespace OneTimeLinks.Tests.Pages;

/// <summary>The manage page's two forms, posted as a browser posts them from a rendered page.</summary>
internal static partial class PageTestHelpers
{
    /// <summary>
    /// Posts the manage page's <paramref name="action"/> form ("reschedule" with <paramref name="start"/>, or "cancel"),
    /// with the hidden fields <paramref name="managePage"/> rendered: its Idempotency-Key for that form and its zone.
    /// </summary>
    public static Task<(HttpResponseMessage Response, string Html)> PostManageFormAsync(
        this HttpClient browser, string managePath, string managePage, string action, DateTimeOffset? start = null)
    {
        var moveKey = IdempotencyKeyOf(managePage);
        List<KeyValuePair<string, string>> fields =
        [
            new("idempotencyKey", action == "cancel" ? moveKey.Replace(".move", ".cancel", StringComparison.Ordinal) : moveKey),
            new("timeZone", Hidden(managePage, "timeZone")),
        ];
        if (start is { } instant)
        {
            fields.Add(new("start", RadioValue(instant)));
        }

        return browser.PostFormAsync(managePath + "/" + action, fields);
    }
}
