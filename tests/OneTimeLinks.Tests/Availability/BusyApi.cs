using System.Globalization;

namespace OneTimeLinks.Tests.Availability;

/// <summary>The busy-time calls the availability specifications share.</summary>
internal static class BusyApi
{
    public static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static Task<HttpResponseMessage> PutBusyAsync(
        this TestApp app, string busyId, DateTimeOffset start, DateTimeOffset end, string? title = null, string calendarId = Infrastructure.ApiTestHelpers.CalendarId) =>
        app.Management.PutAsJsonAsync(BusyPath(calendarId, busyId), new { start = Iso(start), end = Iso(end), title });

    public static Task<HttpResponseMessage> DeleteBusyAsync(this TestApp app, string busyId, string calendarId = Infrastructure.ApiTestHelpers.CalendarId) =>
        app.Management.DeleteAsync(BusyPath(calendarId, busyId));

    /// <summary>As the README says to address an id: in the path, unless it holds "/" or "%2F" (then busy-by-id).</summary>
    private static string BusyPath(string calendarId, string busyId) =>
        busyId.Contains('/', StringComparison.Ordinal) || busyId.Contains("%2F", StringComparison.OrdinalIgnoreCase)
            ? $"/api/calendars/{calendarId}/busy-by-id?busyId={Uri.EscapeDataString(busyId)}"
            : $"/api/calendars/{calendarId}/busy/{Uri.EscapeDataString(busyId)}";

    public static Task<HttpResponseMessage> ListBusyAsync(this TestApp app, DateTimeOffset from, DateTimeOffset to, string extra = "") =>
        app.Management.GetAsync(
            $"/api/calendars/{Infrastructure.ApiTestHelpers.CalendarId}/busy?from={Uri.EscapeDataString(Iso(from))}&to={Uri.EscapeDataString(Iso(to))}{extra}");

    public static Task<HttpResponseMessage> SyncBusyAsync(this TestApp app, DateTimeOffset from, DateTimeOffset to, object body) =>
        app.Management.PutAsJsonAsync(
            $"/api/calendars/{Infrastructure.ApiTestHelpers.CalendarId}/busy?from={Uri.EscapeDataString(Iso(from))}&to={Uri.EscapeDataString(Iso(to))}", body);

    /// <summary>The start times (UTC) a link offers, as JSON.</summary>
    public static async Task<List<DateTimeOffset>> OfferedAsync(this TestApp app, string url)
    {
        using var response = await Infrastructure.ApiTestHelpers.OpenAsync(app, url);
        var body = await Infrastructure.ApiTestHelpers.AssertJsonAsync(response, System.Net.HttpStatusCode.OK);
        return [.. body["slots"]!.AsArray().Select(slot => Infrastructure.ApiTestHelpers.Instant(slot!["start"]).ToUniversalTime())];
    }
}
