using System.Text.RegularExpressions;
using Azure.Data.Tables;

namespace OneTimeLinks.Tests.Pages;

/// <summary>What the page specifications share: a browser-like HTTP client, form posts, and header and table probes.</summary>
internal static partial class PageTestHelpers
{
    /// <summary>What Chromium sends for a navigation.</summary>
    public const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    /// <summary>Values no page may show raw: a script element, and the three characters that break out of attributes.</summary>
    public const string Hostile = "<script>alert(1)</script>\"'&";

    public const string HostileEncoded = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#x27;&amp;";

    public const string Note = "INTERNAL-NOTE-sent-by-sms-7f3a";

    /// <summary><see cref="ApiTestHelpers.FirstSlot"/> as the page's radio value.</summary>
    public static readonly string FirstSlotValue = MondaySlotValue(0);

    /// <summary><see cref="ApiTestHelpers.MondaySlot"/> as the page's radio value (UTC, to the second).</summary>
    public static string MondaySlotValue(int index) =>
        MondaySlot(index).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A client like a browser with the redirect not followed, so a test sees the 303 itself; like the app's own clients,
    /// it returns once the call's events are published (the app publishes after it answers).
    /// </summary>
    public static HttpClient Browser(this TestApp app)
    {
        var handler = app.EventsSettled(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var client = new HttpClient(handler) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", BrowserAccept);
        return client;
    }

    /// <summary>A calendar (the default Berlin one unless given) and one link for it.</summary>
    public static async Task<(string Url, string Path, string LinkId)> CalendarAndLinkAsync(this TestApp app, object? calendar = null, object? link = null)
    {
        await app.CreateCalendarAsync(CalendarId, calendar);
        return await app.LinkAsync(link);
    }

    public static async Task<(string Url, string Path, string LinkId)> LinkAsync(this TestApp app, object? link = null)
    {
        var created = await app.GenerateLinkAsync(CalendarId, link ?? new { note = Note, contact = new { name = "Jane Doe", email = "jane@example.com" } });
        var url = created["url"]!.GetValue<string>();
        return (url, Infrastructure.Api.PathOf(url), created["linkId"]!.GetValue<string>());
    }

    public static async Task<(HttpResponseMessage Response, string Html)> GetPageAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return (response, await response.Content.ReadAsStringAsync());
    }

    public static async Task<(HttpResponseMessage Response, string Html)> PostFormAsync(this HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The form a browser would send from a booking page: its hidden fields plus the invitee's input.</summary>
    public static List<KeyValuePair<string, string>> FormFrom(
        string html, string start, string name = "Jane Doe", string email = "jane@example.com", string phone = "", string message = "", string? timeZone = null) =>
    [
        new("idempotencyKey", IdempotencyKeyOf(html)),
        new("timeZone", timeZone ?? Hidden(html, "timeZone")),
        new("start", start),
        new("name", name),
        new("email", email),
        new("phone", phone),
        new("message", message),
    ];

    public static string IdempotencyKeyOf(string html) => Hidden(html, "idempotencyKey");

    public static string Hidden(string html, string name)
    {
        var match = Regex.Match(html, $"<input type=\"hidden\" name=\"{name}\" value=\"([^\"]*)\"");
        Assert.True(match.Success, $"No hidden field {name} in the page.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    public static string ExpectedCsp(string frameAncestors = "'none'") =>
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; " +
        $"frame-ancestors {frameAncestors}";

    /// <summary>The four headers every page response carries, whatever its status.</summary>
    public static void AssertPageHeaders(HttpResponseMessage response, string what, string frameAncestors = "'none'")
    {
        Assert.True("no-referrer" == Header(response, "Referrer-Policy"), $"{what}: Referrer-Policy is {Header(response, "Referrer-Policy")}");
        Assert.True("no-store" == Header(response, "Cache-Control"), $"{what}: Cache-Control is {Header(response, "Cache-Control")}");
        Assert.True("nosniff" == Header(response, "X-Content-Type-Options"), $"{what}: X-Content-Type-Options is {Header(response, "X-Content-Type-Options")}");
        var csp = Header(response, "Content-Security-Policy");
        Assert.True(ExpectedCsp(frameAncestors) == csp, $"{what}: Content-Security-Policy is {csp}");
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
    }

    public static void AssertHtml(HttpResponseMessage response, HttpStatusCode status, string html, string what)
    {
        Assert.True(status == response.StatusCode, $"{what}: expected {(int)status}, got {(int)response.StatusCode}: {html[..Math.Min(html.Length, 2000)]}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.StartsWith("<!doctype html>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        AssertNoInlineScriptOrStyle(html, what);
    }

    /// <summary>CSP forbids inline script and style; the page must not need them.</summary>
    public static void AssertNoInlineScriptOrStyle(string html, string what)
    {
        Assert.False(Regex.IsMatch(html, "<script(?![^>]*\\bsrc=)", RegexOptions.IgnoreCase), $"{what}: inline <script>");
        Assert.False(Regex.IsMatch(html, "<style|\\sstyle=|\\son[a-z]+=", RegexOptions.IgnoreCase), $"{what}: inline style or event handler");
    }

    /// <summary>Booking rows of the calendar, straight from the table.</summary>
    public static async Task<int> CountBookingsAsync(this TestApp app)
    {
        var count = 0;
        await foreach (var _ in app.Table.QueryAsync<TableEntity>(
            filter: $"PartitionKey eq 'c|{CalendarId}' and RowKey ge 'booking|' and RowKey lt 'booking|~'", select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }

    public static async Task BookJsonAsync(this TestApp app, string url, string start)
    {
        using var response = await app.Public.PostAsJsonAsync(new Uri(Infrastructure.Api.PathOf(url) + "/book", UriKind.Relative), new { start, name = "Someone Else", email = "else@example.com" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static async Task RevokeAsync(this TestApp app, string linkId)
    {
        using var response = await app.Management.PostAsync(new Uri($"/api/calendars/{CalendarId}/links/{linkId}/revoke", UriKind.Relative), content: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static async Task<JsonObject> GetLinkJsonAsync(this TestApp app, string linkId)
    {
        using var response = await app.Management.GetAsync(new Uri($"/api/calendars/{CalendarId}/links/{linkId}", UriKind.Relative));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    [GeneratedRegex("href=\"(/api/assets/[^\"]+)\"")]
    public static partial Regex StyleSheetHref();

    [GeneratedRegex("<script src=\"(/api/assets/[^\"]+)\">")]
    public static partial Regex ScriptSrc();
}
