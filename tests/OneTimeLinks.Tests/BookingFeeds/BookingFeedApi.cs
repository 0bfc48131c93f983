using System.Globalization;

namespace OneTimeLinks.Tests.BookingFeeds;

/// <summary>The booking feed calls the specifications share.</summary>
internal static class BookingFeedApi
{
    public const string FeedPath = $"/api/calendars/{CalendarId}/booking-feed";

    public static Task<HttpResponseMessage> MintFeedAsync(this TestApp app, string calendarId = CalendarId) =>
        app.Management.PostAsync(new Uri($"/api/calendars/{calendarId}/booking-feed", UriKind.Relative), content: null);

    /// <summary>Mints the default calendar's feed and returns its URL.</summary>
    public static async Task<string> MintFeedUrlAsync(this TestApp app)
    {
        using var response = await app.MintFeedAsync();
        return (await response.AssertJsonAsync(HttpStatusCode.Created))["url"]!.GetValue<string>();
    }

    /// <summary>GET the feed as a calendar app would: no key, optional query and conditional headers.</summary>
    public static Task<HttpResponseMessage> GetFeedAsync(
        this TestApp app, string url, string query = "", string? ifNoneMatch = null, DateTimeOffset? ifModifiedSince = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Infrastructure.Api.PathOf(url) + query);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        if (ifModifiedSince is { } since)
        {
            request.Headers.IfModifiedSince = since;
        }

        return app.Public.SendAsync(request);
    }

    /// <summary>The feed's text after asserting a 200 text/calendar answer.</summary>
    public static async Task<string> ReadFeedAsync(this TestApp app, string url, string query = "")
    {
        using var response = await app.GetFeedAsync(url, query);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return text;
    }

    /// <summary>A generated link with a title and a note; books <paramref name="start"/> through it and returns the booking id.</summary>
    public static async Task<string> BookTitledAsync(
        this TestApp app, DateTimeOffset start, string title = "Consultation", string note = "Lead 42", string name = "Jane Doe",
        string email = "jane@example.com")
    {
        var url = (await app.GenerateLinkAsync(CalendarId, new { title, note }))["url"]!.GetValue<string>();
        using var response = await app.BookJsonAsync(url, start, name, email);
        return (await response.AssertJsonAsync(HttpStatusCode.Created))["bookingId"]!.GetValue<string>();
    }

    /// <summary>The feed URL with the first character of its secret changed: well-formed, and unknown.</summary>
    public static string WithAnotherSecret(string url)
    {
        var at = url.LastIndexOf('/') + "/dr-smith.".Length;
        return url[..at] + (url[at] == 'A' ? 'B' : 'A') + url[(at + 1)..];
    }

    public static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
