using OneTimeLinks.Core.Sweeping;
using static OneTimeLinks.Tests.BookingChanges.BookingApi;

namespace OneTimeLinks.Tests.Approval;

/// <summary>The owner-approval and attendance calls the specifications share.</summary>
internal static class ApprovalApi
{
    /// <summary>The default Berlin calendar (weekdays 09:00-17:00, 30-minute slots) whose bookings wait for the owner.</summary>
    public static object ApprovalCalendar(int? deadlineHours = null) => new
    {
        name = "Dr. Smith",
        timeZone = "Europe/Berlin",
        slotMinutes = 30,
        availability = Api.WeekdaysNineToFive(),
        minimumNoticeMinutes = 0,
        horizonDays = 30,
        contactMessage = "Please call us on +49 30 1234567.",
        requiresConfirmation = true,
        confirmationDeadlineHours = deadlineHours,
    };

    public static Task<HttpResponseMessage> ConfirmAsync(this TestApp app, string bookingId) =>
        app.Management.PostAsync(new Uri(BookingPath(bookingId) + "/confirm", UriKind.Relative), content: null);

    public static Task<HttpResponseMessage> DeclineAsync(this TestApp app, string bookingId, string? reason = null, bool? reopenLink = null) =>
        app.Management.PostAsJsonAsync(BookingPath(bookingId) + "/decline", new { reason, reopenLink });

    public static Task<HttpResponseMessage> MarkAttendanceAsync(this TestApp app, string bookingId, string status, string? note = null) =>
        app.Management.PostAsJsonAsync(BookingPath(bookingId) + "/attendance", new { status, note });

    public static Task<SweepResult> SweepAsync(this TestApp app) => app.Services.GetRequiredService<ISweepService>().SweepAsync();

    public static async Task<JsonObject> BookingStateAsync(this TestApp app, string bookingId)
    {
        using var response = await app.CrmGetAsync(bookingId);
        return await response.AssertJsonAsync(HttpStatusCode.OK);
    }

    public static async Task<JsonObject> LinkStateAsync(this TestApp app, string linkId)
    {
        using var response = await app.GetLinkAsync(linkId);
        return await response.AssertJsonAsync(HttpStatusCode.OK);
    }

    public static string Text(this JsonObject json, string name) => json[name]!.GetValue<string>();
}
