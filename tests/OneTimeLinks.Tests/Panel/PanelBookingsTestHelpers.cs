using System.Globalization;

namespace OneTimeLinks.Tests.Panel;

/// <summary>What the panel's bookings specifications share.</summary>
internal static class PanelBookingsTestHelpers
{
    /// <summary>Berlin, every day around the clock in 30-minute slots, 30 days ahead, each booking a request for the owner.</summary>
    public static object AllDayApprovalCalendar() => new
    {
        name = "Dr. Smith",
        timeZone = "Europe/Berlin",
        slotMinutes = 30,
        availability = new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" }
            .ToDictionary(day => day, _ => new object[] { new { start = "00:00", end = "24:00" } }),
        minimumNoticeMinutes = 0,
        horizonDays = 30,
        requiresConfirmation = true,
    };

    /// <summary>Books <paramref name="start"/> through a new link (with <paramref name="note"/>) as an API client; the booking's and the link's ids.</summary>
    public static async Task<(string BookingId, string LinkId)> RequestThroughNewLinkAsync(
        this TestApp app, DateTimeOffset start, string? note = null, string? message = null)
    {
        var created = await app.GenerateLinkAsync(ApiTestHelpers.CalendarId, note is null ? null : new { note });
        using var request = new HttpRequestMessage(HttpMethod.Post, Api.PathOf(created["url"]!.GetValue<string>()) + "/book")
        {
            Content = JsonContent.Create(new
            {
                start = start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                name = "Jane Doe",
                email = "jane@example.com",
                message,
            }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await app.Public.SendAsync(request);
        var booking = await response.AssertJsonAsync(HttpStatusCode.Created);
        return (booking["bookingId"]!.GetValue<string>(), created["linkId"]!.GetValue<string>());
    }
}
