using OneTimeLinks.Tests.Availability;

namespace OneTimeLinks.Tests.BookingChanges;

/// <summary>The booking-management calls the specifications share: the CRM's routes and the invitee's manage URL.</summary>
internal static class BookingApi
{
    /// <summary>Books <paramref name="start"/> through a new link; returns the 201 body (bookingId, manageUrl, …) and the link's URL.</summary>
    public static async Task<(JsonObject Booking, string LinkUrl)> BookNewLinkAsync(this TestApp app, DateTimeOffset start)
    {
        var url = (await app.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        using var response = await app.BookJsonAsync(url, start);
        return (await response.AssertJsonAsync(System.Net.HttpStatusCode.Created), url);
    }

    public static string BookingPath(string bookingId) => $"/api/calendars/{CalendarId}/bookings/{bookingId}";

    public static Task<HttpResponseMessage> CrmCancelAsync(this TestApp app, string bookingId, string? reason = null) =>
        app.Management.PostAsJsonAsync(BookingPath(bookingId) + "/cancel", new { reason });

    public static Task<HttpResponseMessage> CrmRescheduleAsync(this TestApp app, string bookingId, DateTimeOffset start) =>
        app.Management.PostAsJsonAsync(BookingPath(bookingId) + "/reschedule", new { start = BusyApi.Iso(start) });

    public static Task<HttpResponseMessage> CrmGetAsync(this TestApp app, string bookingId) => app.Management.GetAsync(BookingPath(bookingId));

    public static Task<HttpResponseMessage> ManageGetAsync(this TestApp app, string manageUrl)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Infrastructure.Api.PathOf(manageUrl));
        request.Headers.Accept.ParseAdd("application/json");
        return app.Public.SendAsync(request);
    }

    public static Task<HttpResponseMessage> ManageCancelAsync(this TestApp app, string manageUrl, string? idempotencyKey = null) =>
        app.Public.SendAsync(WithKey(new HttpRequestMessage(HttpMethod.Post, Infrastructure.Api.PathOf(manageUrl) + "/cancel"), idempotencyKey));

    public static Task<HttpResponseMessage> ManageRescheduleAsync(this TestApp app, string manageUrl, DateTimeOffset start, string? idempotencyKey = null) =>
        app.Public.SendAsync(WithKey(
            new HttpRequestMessage(HttpMethod.Post, Infrastructure.Api.PathOf(manageUrl) + "/reschedule") { Content = JsonContent.Create(new { start = BusyApi.Iso(start) }) },
            idempotencyKey));

    private static HttpRequestMessage WithKey(HttpRequestMessage request, string? idempotencyKey)
    {
        request.Headers.Accept.ParseAdd("application/json");
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return request;
    }
}
