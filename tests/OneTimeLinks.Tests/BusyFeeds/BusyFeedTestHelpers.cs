using System.Text.Json;
using OneTimeLinks.Core.Outbound;
using OneTimeLinks.Tests.Webhooks;

namespace OneTimeLinks.Tests.BusyFeeds;

/// <summary>Starting an app with a calendar for the busy-feed specifications, and the calls they make.</summary>
internal static class BusyFeedTestHelpers
{
    /// <summary>A feed host on a documentation address (TEST-NET-3): public to the policy, and nothing real answers there.</summary>
    public const string FeedHost = "calendar.example.test";

    public const string FeedUrl = $"https://{FeedHost}/calendar/ical/owner%40example.test/private-0123456789abcdef/basic.ics";

    public static StaticHostResolver DefaultResolver() => StaticHostResolver.With(
    [
        (FeedHost, ["203.0.113.20"]),
        ("outlook.example.test", ["203.0.113.21"]),
        ("rebind.example.test", ["203.0.113.22", "192.168.0.22"]),
        .. StaticHostResolver.ForbiddenNames,
    ]);

    public static async Task<TestApp> StartAsync(AzuriteFixture azurite, bool allowLoopbackHttp = false, StaticHostResolver? resolver = null)
    {
        var names = resolver ?? DefaultResolver();
        var app = await TestApp.StartAsync(
            azurite,
            new Dictionary<string, string?> { ["BusyFeeds:AllowLoopbackHttp"] = allowLoopbackHttp ? "true" : "false" },
            s => s.AddSingleton<IHostResolver>(names));
        await app.CreateCalendarAsync(ApiTestHelpers.CalendarId);
        return app;
    }

    public static Task<HttpResponseMessage> PutFeedAsync(this TestApp app, string feedId, object body, string calendarId = ApiTestHelpers.CalendarId) =>
        app.Management.PutAsJsonAsync($"/api/calendars/{calendarId}/busy-feeds/{feedId}", body);

    public static Task<HttpResponseMessage> DeleteFeedAsync(this TestApp app, string feedId, string calendarId = ApiTestHelpers.CalendarId) =>
        app.Management.DeleteAsync($"/api/calendars/{calendarId}/busy-feeds/{feedId}");

    public static async Task<JsonArray> FeedsAsync(this TestApp app, string calendarId = ApiTestHelpers.CalendarId)
    {
        using var response = await app.Management.GetAsync($"/api/calendars/{calendarId}");
        return (await response.AssertJsonAsync(HttpStatusCode.OK))["busyFeeds"]!.AsArray();
    }

    /// <summary>The default calendar's PUT body with <paramref name="busyFeeds"/> added.</summary>
    public static JsonObject CalendarWith(object? busyFeeds)
    {
        var body = JsonSerializer.SerializeToNode(Api.BerlinCalendar())!.AsObject();
        body["busyFeeds"] = JsonSerializer.SerializeToNode(busyFeeds);
        return body;
    }
}
