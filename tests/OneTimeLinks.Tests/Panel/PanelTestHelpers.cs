using System.Text;

namespace OneTimeLinks.Tests.Panel;

/// <summary>The management calls the panel specifications make.</summary>
internal static class PanelTestHelpers
{
    public static string SessionsPath(string calendarId = ApiTestHelpers.CalendarId) => $"/api/calendars/{calendarId}/panel-sessions";

    public static Task<HttpResponseMessage> CreatePanelSessionAsync(this TestApp app, object? body = null, string calendarId = ApiTestHelpers.CalendarId) =>
        app.Management.PostAsync(new Uri(SessionsPath(calendarId), UriKind.Relative), body is null ? null : JsonContent.Create(body));

    public static Task<HttpResponseMessage> CreatePanelSessionAsync(this TestApp app, string json, string calendarId = ApiTestHelpers.CalendarId) =>
        app.Management.PostAsync(new Uri(SessionsPath(calendarId), UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> GetPanelSessionAsync(this TestApp app, string sessionId, string calendarId = ApiTestHelpers.CalendarId) =>
        app.Management.GetAsync(new Uri($"{SessionsPath(calendarId)}/{sessionId}", UriKind.Relative));

    public static Task<HttpResponseMessage> EndPanelSessionAsync(this TestApp app, string sessionId, string calendarId = ApiTestHelpers.CalendarId) =>
        app.Management.PostAsync(new Uri($"{SessionsPath(calendarId)}/{sessionId}/end", UriKind.Relative), null);

    /// <summary>Mints a session and returns its answer (sessionId, url, expiresAt).</summary>
    public static async Task<JsonObject> MintAsync(this TestApp app, object? body = null, string calendarId = ApiTestHelpers.CalendarId)
    {
        using var response = await app.CreatePanelSessionAsync(body, calendarId);
        return await response.AssertJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>The origin of the app's Links:PublicBaseUrl in the tests: the only Origin a panel POST may carry.</summary>
    public const string PanelOrigin = "https://book.example.test";

    /// <summary>Mints a session and returns the path of its panel (the capability URL without the origin).</summary>
    public static async Task<string> MintPanelPathAsync(this TestApp app, object? body = null) =>
        Api.PathOf((await app.MintAsync(body))["url"]!.GetValue<string>());

    /// <summary>A form POST as the panel's own page sends it: its Origin unless told otherwise, and the given fields.</summary>
    public static async Task<(HttpResponseMessage Response, string Html)> PostPanelFormAsync(
        this HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields, string? origin = PanelOrigin, string? fetchSite = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(fields) };
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", fetchSite);
        }

        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The CSRF token of a rendered panel form.</summary>
    public static string FormTokenOf(string html) => Pages.PageTestHelpers.Hidden(html, "formToken");
}
