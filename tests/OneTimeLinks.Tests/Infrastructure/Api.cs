using System.Text.Json;

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>The calls most scenarios start with, so each test body shows only what it is about.</summary>
public static class Api
{
    /// <summary>The default calendar's opening hours: Monday to Friday, 09:00–17:00.</summary>
    public static Dictionary<string, object[]> WeekdaysNineToFive() => new()
    {
        ["monday"] = [new { start = "09:00", end = "17:00" }],
        ["tuesday"] = [new { start = "09:00", end = "17:00" }],
        ["wednesday"] = [new { start = "09:00", end = "17:00" }],
        ["thursday"] = [new { start = "09:00", end = "17:00" }],
        ["friday"] = [new { start = "09:00", end = "17:00" }],
    };

    /// <summary>Weekdays 09:00–17:00 Berlin, 30-minute slots, no notice, 30 days ahead.</summary>
    public static object BerlinCalendar(string name = "Dr. Smith", string? contactMessage = "Please call us on +49 30 1234567.", string? language = null) => new
    {
        name,
        timeZone = "Europe/Berlin",
        slotMinutes = 30,
        availability = WeekdaysNineToFive(),
        minimumNoticeMinutes = 0,
        horizonDays = 30,
        contactMessage,
        language,
    };

    public static async Task CreateCalendarAsync(this TestApp app, string calendarId, object? body = null)
    {
        using var response = await app.Management.PutAsJsonAsync($"/api/calendars/{calendarId}", body ?? BerlinCalendar());
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Generates a link and returns the create response (linkId, url, ...).</summary>
    public static async Task<JsonObject> GenerateLinkAsync(this TestApp app, string calendarId, object? body = null)
    {
        using var response = await app.Management.PostAsJsonAsync($"/api/calendars/{calendarId}/links", body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"Generate failed: {(int)response.StatusCode} {text}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The path and query of a link URL, to call it on the test app whatever public base URL it was issued under.</summary>
    public static string PathOf(string url) => new Uri(url).PathAndQuery;

    public static Task<HttpResponseMessage> BookAsync(this TestApp app, string url, DateTimeOffset start, string name = "Jane Doe", string email = "jane@example.com", string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, PathOf(url) + "/book")
        {
            Content = JsonContent.Create(new { start = start.ToString("O"), name, email }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return app.Public.SendAsync(request);
    }

    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>The first slot a link offers.</summary>
    public static async Task<DateTimeOffset> FirstSlotAsync(this TestApp app, string url, int index = 0)
    {
        using var response = await app.Public.GetAsync(PathOf(url));
        response.EnsureSuccessStatusCode();
        var body = await response.ReadJsonAsync();
        return DateTimeOffset.Parse(body["slots"]![index]!["start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>An instant in a JSON answer.</summary>
    public static DateTimeOffset Parse(JsonNode node) =>
        DateTimeOffset.Parse(node.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
