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
}
