using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Json.Schema;
using OneTimeLinks.Functions.Assets;

namespace OneTimeLinks.Tests.OpenApi;

/// <summary>
/// Real answers of the running app against the document: for a sample of requests (at least one per route and status
/// the app can be made to answer cheaply), the answer's status and media type must be documented for its operation,
/// and a JSON body must validate (JSON Schema 2020-12) against the schema documented for that status and media type.
/// The document must describe what the app sends, errors and pages included, not just the happy path.
/// </summary>
public sealed class OpenApiResponseContractTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Calendar = "/api/calendars/{calendarId}";
    private const string Links = "/api/calendars/{calendarId}/links";
    private const string OneLink = "/api/calendars/{calendarId}/links/{linkId}";
    private const string Revoke = "/api/calendars/{calendarId}/links/{linkId}/revoke";
    private const string Batch = "/api/calendars/{calendarId}/links/batch";
    private const string OpenLink = "/api/l/{token}";
    private const string Book = "/api/l/{token}/book";
    private const string Opened = "/api/l/{token}/opened";
    private const string Confirmation = "/api/l/{token}/bookings/{bookingId}";
    private const string Ics = "/api/l/{token}/bookings/{bookingId}/ics";
    private const string BusyOne = "/api/calendars/{calendarId}/busy/{busyId}";
    private const string BusyWindow = "/api/calendars/{calendarId}/busy";
    private const string BusyById = "/api/calendars/{calendarId}/busy-by-id";
    private const string Bookings = "/api/calendars/{calendarId}/bookings";
    private const string OneBooking = "/api/calendars/{calendarId}/bookings/{bookingId}";
    private const string CrmCancel = "/api/calendars/{calendarId}/bookings/{bookingId}/cancel";
    private const string CrmReschedule = "/api/calendars/{calendarId}/bookings/{bookingId}/reschedule";
    private const string CrmConfirm = "/api/calendars/{calendarId}/bookings/{bookingId}/confirm";
    private const string CrmDecline = "/api/calendars/{calendarId}/bookings/{bookingId}/decline";
    private const string CrmAttendance = "/api/calendars/{calendarId}/bookings/{bookingId}/attendance";
    private const string Manage = "/api/m/{token}";
    private const string ManageCancel = "/api/m/{token}/cancel";
    private const string ManageReschedule = "/api/m/{token}/reschedule";

    private const string Cal = "/api/calendars/" + ApiTestHelpers.CalendarId;
    private const string Html = "text/html,application/xhtml+xml,*/*;q=0.8";

    private static readonly string DocumentPath = Path.Combine(RepositoryPaths.Root, "OneTimeLinks.Functions", "OpenApi", "openapi.json");

    [Fact]
    public async Task Answers_SampleOfEveryRouteAndStatus_AreDocumentedAndMatchTheirSchemas()
    {
        // Arrange
        var contract = new Contract(JsonNode.Parse(await File.ReadAllTextAsync(DocumentPath))!.AsObject());
        await using var app = await ApiTestHelpers.StartWithCalendarAsync(azurite);
        using var probe = new Probe(app, contract);

        // Act
        await ProbeManagementAsync(app, probe);
        await ProbeInviteeAsync(app, probe);
        await ProbeOperationsAsync(app, probe);

        // Assert
        Assert.True(probe.Problems.Count == 0, string.Join(Environment.NewLine, probe.Problems));
        Assert.True(probe.Checked >= 100, $"Only {probe.Checked} answers were checked.");
    }

    [Fact]
    public async Task Answers_WebhookSubscriptionRoutes_AreDocumentedAndMatchTheirSchemas()
    {
        // Arrange
        var contract = new Contract(JsonNode.Parse(await File.ReadAllTextAsync(DocumentPath))!.AsObject());
        await using var app = await Webhooks.SubscriptionTestHelpers.StartAsync(azurite, maxSubscriptions: 2);
        using var probe = new Probe(app, contract);
        const string List = "/api/webhooks";
        const string One = "/api/webhooks/{id}";
        const string Rotate = "/api/webhooks/{id}/rotate-secret";
        var receiver = new { url = Webhooks.SubscriptionTestHelpers.ReceiverUrl };

        // Act
        var created = await probe.SendJsonAsync(List, HttpMethod.Post, List, Json(new { url = receiver.url, eventTypes = new[] { "OneTimeLinks.Link.Used" }, description = "CRM" }));
        var id = created["id"]!.GetValue<string>();
        await probe.SendAsync(List, HttpMethod.Post, List, Raw("{", "application/json"));
        await probe.SendAsync(List, HttpMethod.Post, List, Raw("{\"url\":7}", "application/json"));
        await probe.SendAsync(List, HttpMethod.Post, List, Raw("{\"description\":\"" + new string('x', 70_000) + "\"}", "application/json"));
        await probe.SendAsync(List, HttpMethod.Post, List, Raw("url=x", "text/plain"));
        await probe.SendAsync(List, HttpMethod.Post, List, Json(new { url = "https://10.0.0.1/" }));
        await probe.SendAsync(List, HttpMethod.Post, List, Json(receiver), key: false);
        await probe.SendAsync(List, HttpMethod.Post, List, Json(receiver));
        await probe.SendAsync(List, HttpMethod.Post, List, Json(receiver));
        await probe.SendAsync(List, HttpMethod.Get, List + "?pageSize=1");
        await probe.SendAsync(List, HttpMethod.Get, List + "?pageSize=0");
        await probe.SendAsync(List, HttpMethod.Get, List, key: false);
        await probe.SendAsync(One, HttpMethod.Get, $"{List}/{id}");
        await probe.SendAsync(One, HttpMethod.Get, $"{List}/wh_nothing");
        await probe.SendAsync(One, HttpMethod.Get, $"{List}/{id}", key: false);
        await probe.SendAsync(One, HttpMethod.Patch, $"{List}/{id}", Raw("{\"calendarIds\":null,\"status\":\"disabled\"}", "application/merge-patch+json"));
        await probe.SendAsync(One, HttpMethod.Patch, $"{List}/{id}", Raw("{\"status\":1}", "application/json"));
        await probe.SendAsync(One, HttpMethod.Patch, $"{List}/{id}", Raw("{\"status\":\"paused\"}", "application/json"));
        await probe.SendAsync(One, HttpMethod.Patch, $"{List}/{id}", Raw("{\"description\":\"" + new string('x', 70_000) + "\"}", "application/json"));
        await probe.SendAsync(One, HttpMethod.Patch, $"{List}/{id}", Raw("status=x", "text/plain"));
        await probe.SendAsync(One, HttpMethod.Patch, $"{List}/wh_nothing", Raw("{}", "application/json"));
        await probe.SendAsync(One, HttpMethod.Patch, $"{List}/{id}", Raw("{}", "application/json"), key: false);
        await probe.SendAsync(Rotate, HttpMethod.Post, $"{List}/{id}/rotate-secret");
        await probe.SendAsync(Rotate, HttpMethod.Post, $"{List}/wh_nothing/rotate-secret");
        await probe.SendAsync(Rotate, HttpMethod.Post, $"{List}/{id}/rotate-secret", key: false);
        await probe.SendAsync(One, HttpMethod.Delete, $"{List}/{id}");
        await probe.SendAsync(One, HttpMethod.Delete, $"{List}/{id}");
        await probe.SendAsync(One, HttpMethod.Delete, $"{List}/{id}", key: false);

        // Assert
        Assert.True(probe.Problems.Count == 0, string.Join(Environment.NewLine, probe.Problems));
        Assert.True(probe.Checked >= 25, $"Only {probe.Checked} answers were checked.");
    }

    [Fact]
    public async Task Answers_BookingFeedRoutes_AreDocumentedAndMatchTheirSchemas()
    {
        // Arrange
        var contract = new Contract(JsonNode.Parse(await File.ReadAllTextAsync(DocumentPath))!.AsObject());
        await using var app = await ApiTestHelpers.StartWithCalendarAsync(azurite);
        using var probe = new Probe(app, contract);
        const string Mint = "/api/calendars/{calendarId}/booking-feed";
        const string Feed = "/api/feeds/{file}";

        // Act
        await probe.SendAsync(Mint, HttpMethod.Post, "/api/calendars/nobody/booking-feed");
        await probe.SendAsync(Mint, HttpMethod.Post, Cal + "/booking-feed", key: false);
        var url = (await probe.SendJsonAsync(Mint, HttpMethod.Post, Cal + "/booking-feed", () => new StringContent("")))["url"]!.GetValue<string>();
        var path = new Uri(url).AbsolutePath;
        var (_, etag) = await probe.SendAsync(Feed, HttpMethod.Get, path);
        await probe.SendAsync(Feed, HttpMethod.Get, path, headers: [("If-None-Match", etag!)]);
        await probe.SendAsync(Feed, HttpMethod.Get, path + "?fields=minimal");
        await probe.SendAsync(Feed, HttpMethod.Get, path + "?fields=all");
        await probe.SendAsync(Feed, HttpMethod.Get, "/api/feeds/dr-smith.nothing.ics");
        await probe.SendAsync(Mint, HttpMethod.Delete, Cal + "/booking-feed", key: false);
        await probe.SendAsync(Mint, HttpMethod.Delete, Cal + "/booking-feed");
        await probe.SendAsync(Mint, HttpMethod.Delete, Cal + "/booking-feed");

        // Assert
        Assert.True(probe.Problems.Count == 0, string.Join(Environment.NewLine, probe.Problems));
        Assert.True(probe.Checked >= 11, $"Only {probe.Checked} answers were checked.");
    }

    [Fact]
    public void Contract_AnUndocumentedStatusAndABodyOffItsSchema_AreBothReported()
    {
        // Arrange: proves the checks can fail.
        var contract = new Contract(JsonNode.Parse(File.ReadAllText(DocumentPath))!.AsObject());

        // Act
        var undocumented = contract.Check("get", "/api/health", 418, "application/json", "{}");
        var offSchema = contract.Check("get", "/api/calendars/{calendarId}", 200, "application/json", "{\"name\":7}");
        var wrongType = contract.Check("get", "/api/health", 200, "text/html", "<p>");

        // Assert
        Assert.NotNull(undocumented);
        Assert.NotNull(offSchema);
        Assert.NotNull(wrongType);
    }

    private static async Task ProbeManagementAsync(TestApp app, Probe probe)
    {
        var calendar = Api.BerlinCalendar();

        // Calendars
        await probe.SendAsync(Calendar, HttpMethod.Put, "/api/calendars/other", Json(calendar));
        await probe.SendAsync(Calendar, HttpMethod.Put, "/api/calendars/other", Raw("{", "application/json"));
        await probe.SendAsync(Calendar, HttpMethod.Put, "/api/calendars/other", Raw("{\"slotMinutes\":\"30\"}", "application/json"));
        await probe.SendAsync(Calendar, HttpMethod.Put, "/api/calendars/other", Raw("{\"name\":\"" + new string('x', 70_000) + "\"}", "application/json"));
        await probe.SendAsync(Calendar, HttpMethod.Put, "/api/calendars/other", Raw("name=x", "text/plain"));
        await probe.SendAsync(Calendar, HttpMethod.Put, "/api/calendars/other", Json(new { name = "" }));
        await probe.SendAsync(Calendar, HttpMethod.Put, "/api/calendars/other", Json(calendar), key: false);
        await probe.SendAsync(Calendar, HttpMethod.Get, Cal);
        await probe.SendAsync(Calendar, HttpMethod.Get, "/api/calendars/nobody");
        await probe.SendAsync(Calendar, HttpMethod.Get, Cal, key: false);

        // Links
        var link = await probe.SendJsonAsync(Links, HttpMethod.Post, Cal + "/links", Json(new { contact = new { name = "Ann", email = "ann@example.com" } }));
        await probe.SendAsync(Links, HttpMethod.Post, Cal + "/links", Raw("[1", "application/json"));
        await probe.SendAsync(Links, HttpMethod.Post, Cal + "/links", Raw("{\"maxUses\":\"3\"}", "application/json"));
        await probe.SendAsync(Links, HttpMethod.Post, "/api/calendars/nobody/links", Json(new { }));
        await probe.SendAsync(Links, HttpMethod.Post, Cal + "/links", Raw("{\"note\":\"" + new string('x', 70_000) + "\"}", "application/json"));
        await probe.SendAsync(Links, HttpMethod.Post, Cal + "/links", Raw("note=x", "text/plain"));
        await probe.SendAsync(Links, HttpMethod.Post, Cal + "/links", Json(new { maxUses = 0 }));
        await probe.SendAsync(Links, HttpMethod.Post, Cal + "/links", Json(new { }), key: false);
        await probe.SendAsync(Links, HttpMethod.Post, Cal + "/links", Json(new { note = "keyed" }), headers: [("Idempotency-Key", "contract-key-1")]);
        await probe.SendAsync(Links, HttpMethod.Post, Cal + "/links", Json(new { note = "keyed" }), headers: [("Idempotency-Key", "contract-key-1")]);
        await probe.SendAsync(Links, HttpMethod.Post, Cal + "/links", Json(new { note = "other" }), headers: [("Idempotency-Key", "contract-key-1")]);
        await probe.SendAsync(Links, HttpMethod.Post, Cal + "/links", Json(new { }), headers: [("Idempotency-Key", "short")]);
        await probe.SendAsync(Links, HttpMethod.Get, Cal + "/links");
        await probe.SendAsync(Links, HttpMethod.Get, "/api/calendars/nobody/links");
        await probe.SendAsync(Links, HttpMethod.Get, Cal + "/links?pageSize=0");
        await probe.SendAsync(Links, HttpMethod.Get, Cal + "/links", key: false);
        var linkId = link["linkId"]!.GetValue<string>();
        await probe.SendAsync(OneLink, HttpMethod.Get, $"{Cal}/links/{linkId}");
        await probe.SendAsync(OneLink, HttpMethod.Get, $"{Cal}/links/nothing");
        await probe.SendAsync(OneLink, HttpMethod.Get, $"{Cal}/links/{linkId}", key: false);
        var doomed = await app.GenerateLinkAsync(ApiTestHelpers.CalendarId);
        var doomedId = doomed["linkId"]!.GetValue<string>();
        await probe.SendAsync(Revoke, HttpMethod.Post, $"{Cal}/links/{doomedId}/revoke");
        await probe.SendAsync(Revoke, HttpMethod.Post, $"{Cal}/links/{doomedId}/revoke");
        await probe.SendAsync(Revoke, HttpMethod.Post, $"{Cal}/links/nothing/revoke");
        await probe.SendAsync(Revoke, HttpMethod.Post, $"{Cal}/links/{doomedId}/revoke", key: false);

        // Batch
        await probe.SendAsync(Batch, HttpMethod.Post, Cal + "/links/batch", Json(new { links = new[] { new { requestId = "r-1" }, new { requestId = "r-2" } } }));
        await probe.SendAsync(Batch, HttpMethod.Post, Cal + "/links/batch", Raw("{\"links\":7}", "application/json"));
        await probe.SendAsync(Batch, HttpMethod.Post, "/api/calendars/nobody/links/batch", Json(new { links = new[] { new { requestId = "r-1" } } }));
        await probe.SendAsync(Batch, HttpMethod.Post, Cal + "/links/batch", Raw("{\"links\":[{\"note\":\"" + new string('x', 3_200_000) + "\"}]}", "application/json"));
        await probe.SendAsync(Batch, HttpMethod.Post, Cal + "/links/batch", Raw("links=x", "text/plain"));
        await probe.SendAsync(Batch, HttpMethod.Post, Cal + "/links/batch", Json(new { links = Array.Empty<object>() }));
        await probe.SendAsync(Batch, HttpMethod.Post, Cal + "/links/batch", Json(new { links = new[] { new { requestId = "r-1" } } }), key: false);

        // Busy time
        var busy = new { start = Iso(ApiTestHelpers.MondaySlot(2)), end = Iso(ApiTestHelpers.MondaySlot(3)), title = "Elsewhere" };
        await probe.SendAsync(BusyOne, HttpMethod.Put, Cal + "/busy/b-1", Json(busy));
        await probe.SendAsync(BusyOne, HttpMethod.Put, Cal + "/busy/b-1", Json(busy));
        await probe.SendAsync(BusyOne, HttpMethod.Put, Cal + "/busy/b-2", Raw("{\"start\":1}", "application/json"));
        await probe.SendAsync(BusyOne, HttpMethod.Put, Cal + "/busy/b-2", Raw("{\"title\":\"" + new string('x', 70_000) + "\"}", "application/json"));
        await probe.SendAsync(BusyOne, HttpMethod.Put, Cal + "/busy/b-2", Raw("start=x", "text/plain"));
        await probe.SendAsync(BusyOne, HttpMethod.Put, Cal + "/busy/b-2", Json(new { start = "tomorrow", end = "later" }));
        await probe.SendAsync(BusyOne, HttpMethod.Put, "/api/calendars/nobody/busy/b-2", Json(busy));
        await probe.SendAsync(BusyOne, HttpMethod.Put, Cal + "/busy/b-2", Json(busy), key: false);
        var window = $"?from={Uri.EscapeDataString(Iso(ApiTestHelpers.FirstSlot.AddDays(-1)))}&to={Uri.EscapeDataString(Iso(ApiTestHelpers.FirstSlot.AddDays(7)))}";
        await probe.SendAsync(BusyWindow, HttpMethod.Get, Cal + "/busy" + window);
        await probe.SendAsync(BusyWindow, HttpMethod.Get, Cal + "/busy?from=x&to=y");
        await probe.SendAsync(BusyWindow, HttpMethod.Get, "/api/calendars/nobody/busy" + window);
        await probe.SendAsync(BusyWindow, HttpMethod.Get, Cal + "/busy" + window, key: false);
        var sync = new { intervals = new[] { new { id = "s-1", start = busy.start, end = busy.end } } };
        await probe.SendAsync(BusyWindow, HttpMethod.Put, Cal + "/busy" + window, Json(sync));
        await probe.SendAsync(BusyWindow, HttpMethod.Put, Cal + "/busy" + window, Raw("{\"intervals\":{}}", "application/json"));
        await probe.SendAsync(BusyWindow, HttpMethod.Put, Cal + "/busy" + window, Raw("{\"intervals\":[],\"x\":\"" + new string('x', 2_000_000) + "\"}", "application/json"));
        await probe.SendAsync(BusyWindow, HttpMethod.Put, Cal + "/busy" + window, Raw("x", "text/plain"));
        await probe.SendAsync(BusyWindow, HttpMethod.Put, Cal + "/busy?from=x&to=y", Json(sync));
        await probe.SendAsync(BusyWindow, HttpMethod.Put, "/api/calendars/nobody/busy" + window, Json(sync));
        await probe.SendAsync(BusyWindow, HttpMethod.Put, Cal + "/busy" + window, Json(sync), key: false);
        await probe.SendAsync(BusyOne, HttpMethod.Delete, Cal + "/busy/b-1");
        await probe.SendAsync(BusyOne, HttpMethod.Delete, Cal + "/busy/b-1");
        await probe.SendAsync(BusyOne, HttpMethod.Delete, Cal + "/busy/b-1", key: false);
        await probe.SendAsync(BusyOne, HttpMethod.Delete, "/api/calendars/nobody/busy/b-1");
        await probe.SendAsync(BusyOne, HttpMethod.Put, Cal + "/busy/a%252Fb", Json(busy));
        await probe.SendAsync(BusyOne, HttpMethod.Delete, Cal + "/busy/a%2Fb");
        await probe.SendAsync(BusyById, HttpMethod.Put, Cal + "/busy-by-id?busyId=a%2Fb", Json(busy));
        await probe.SendAsync(BusyById, HttpMethod.Put, Cal + "/busy-by-id?busyId=a%2Fb", Json(busy));
        await probe.SendAsync(BusyById, HttpMethod.Put, Cal + "/busy-by-id", Json(busy));
        await probe.SendAsync(BusyById, HttpMethod.Put, Cal + "/busy-by-id?busyId=a%2Fb", Raw("{\"start\":1}", "application/json"));
        await probe.SendAsync(BusyById, HttpMethod.Put, Cal + "/busy-by-id?busyId=a%2Fb", Raw("start=x", "text/plain"));
        await probe.SendAsync(BusyById, HttpMethod.Put, "/api/calendars/nobody/busy-by-id?busyId=a%2Fb", Json(busy));
        await probe.SendAsync(BusyById, HttpMethod.Put, Cal + "/busy-by-id?busyId=a%2Fb", Json(busy), key: false);
        await probe.SendAsync(BusyById, HttpMethod.Delete, Cal + "/busy-by-id?busyId=a%2Fb");
        await probe.SendAsync(BusyById, HttpMethod.Delete, Cal + "/busy-by-id");
        await probe.SendAsync(BusyById, HttpMethod.Delete, "/api/calendars/nobody/busy-by-id?busyId=a%2Fb");
        await probe.SendAsync(BusyById, HttpMethod.Delete, Cal + "/busy-by-id?busyId=a%2Fb", key: false);
    }

    private static async Task ProbeInviteeAsync(TestApp app, Probe probe)
    {
        var link = await app.GenerateLinkAsync(ApiTestHelpers.CalendarId, new { contact = new { name = "Ann", email = "ann@example.com" } });
        var url = Api.PathOf(link["url"]!.GetValue<string>());
        var unknown = url[..(url.LastIndexOf('.') + 1)] + "AAAAAAAAAAAAAAAAAAAAAA";

        // Open
        await probe.SendAsync(OpenLink, HttpMethod.Get, url, accept: "application/json");
        await probe.SendAsync(OpenLink, HttpMethod.Get, url, accept: Html);
        await probe.SendAsync(OpenLink, HttpMethod.Get, url + "?from=tomorrow", accept: "application/json");
        await probe.SendAsync(OpenLink, HttpMethod.Get, url + "?from=tomorrow", accept: Html);
        await probe.SendAsync(OpenLink, HttpMethod.Get, unknown, accept: "application/json");
        await probe.SendAsync(OpenLink, HttpMethod.Get, unknown, accept: Html);
        await probe.SendAsync(Opened, HttpMethod.Post, url + "/opened");
        await probe.SendAsync(Opened, HttpMethod.Post, unknown + "/opened");

        // Book: JSON
        await probe.SendAsync(Book, HttpMethod.Post, url + "/book", Raw("{", "application/json"));
        await probe.SendAsync(Book, HttpMethod.Post, url + "/book", Raw("{\"start\":5}", "application/json"));
        await probe.SendAsync(Book, HttpMethod.Post, url + "/book", Raw("{\"message\":\"" + new string('x', 70_000) + "\"}", "application/json"));
        await probe.SendAsync(Book, HttpMethod.Post, url + "/book", Raw("start=x", "text/plain"));
        await probe.SendAsync(Book, HttpMethod.Post, url + "/book", Json(new { start = "soon", name = "", email = "x" }));
        await probe.SendAsync(Book, HttpMethod.Post, unknown + "/book", BookBody(ApiTestHelpers.MondaySlot(0)));
        var other = Api.PathOf((await app.GenerateLinkAsync(ApiTestHelpers.CalendarId))["url"]!.GetValue<string>());
        await probe.SendAsync(Book, HttpMethod.Post, other + "/book", BookBody(ApiTestHelpers.MondaySlot(1)));
        await probe.SendAsync(Book, HttpMethod.Post, url + "/book", BookBody(ApiTestHelpers.MondaySlot(1)));
        var booking = await probe.SendJsonAsync(Book, HttpMethod.Post, url + "/book", BookBody(ApiTestHelpers.MondaySlot(0)));
        await probe.SendAsync(Book, HttpMethod.Post, url + "/book", BookBody(ApiTestHelpers.MondaySlot(4)));
        await probe.SendAsync(OpenLink, HttpMethod.Get, url, accept: "application/json");
        await probe.SendAsync(OpenLink, HttpMethod.Get, url, accept: Html);

        // Book: the page's form
        var formLink = Api.PathOf((await app.GenerateLinkAsync(ApiTestHelpers.CalendarId))["url"]!.GetValue<string>());
        await probe.SendAsync(Book, HttpMethod.Post, formLink + "/book", Form(("start", "soon")), accept: Html);
        await probe.SendAsync(Book, HttpMethod.Post, formLink + "/book", Raw("a=%zz&" + new string('x', 70_000), "application/x-www-form-urlencoded"), accept: Html);
        await probe.SendAsync(Book, HttpMethod.Post, formLink + "/book", Raw("--x\r\n", "multipart/form-data"), accept: Html);
        await probe.SendAsync(Book, HttpMethod.Post, formLink + "/book", Form(("start", Iso(ApiTestHelpers.MondaySlot(0))), ("name", "Bo"), ("email", "bo@example.com")), accept: Html);
        await probe.SendAsync(Book, HttpMethod.Post, unknown + "/book", Form(("start", Iso(ApiTestHelpers.MondaySlot(5))), ("name", "Bo"), ("email", "bo@example.com")), accept: Html);
        await probe.SendAsync(Book, HttpMethod.Post, formLink + "/book", Form(("start", Iso(ApiTestHelpers.MondaySlot(5))), ("name", "Bo"), ("email", "bo@example.com")), accept: Html);
        await probe.SendAsync(Book, HttpMethod.Post, url + "/book", Form(("start", Iso(ApiTestHelpers.MondaySlot(6))), ("name", "Bo"), ("email", "bo@example.com")), accept: Html);

        // The confirmation page and the calendar file
        var bookingId = booking["bookingId"]!.GetValue<string>();
        await probe.SendAsync(Confirmation, HttpMethod.Get, $"{url}/bookings/{bookingId}", accept: Html);
        await probe.SendAsync(Confirmation, HttpMethod.Get, $"{url}/bookings/nothing", accept: Html);
        await probe.SendAsync(Ics, HttpMethod.Get, $"{url}/bookings/{bookingId}/ics");
        await probe.SendAsync(Ics, HttpMethod.Get, $"{url}/bookings/nothing/ics");

        // The CRM's view of bookings
        var range = $"?from={Uri.EscapeDataString(Iso(ApiTestHelpers.FirstSlot.AddDays(-1)))}&to={Uri.EscapeDataString(Iso(ApiTestHelpers.FirstSlot.AddDays(7)))}";
        await probe.SendAsync(Bookings, HttpMethod.Get, Cal + "/bookings" + range);
        await probe.SendAsync(Bookings, HttpMethod.Get, Cal + "/bookings?from=x&to=y");
        await probe.SendAsync(Bookings, HttpMethod.Get, "/api/calendars/nobody/bookings" + range);
        await probe.SendAsync(Bookings, HttpMethod.Get, Cal + "/bookings" + range, key: false);
        await probe.SendAsync(OneBooking, HttpMethod.Get, $"{Cal}/bookings/{bookingId}");
        await probe.SendAsync(OneBooking, HttpMethod.Get, $"{Cal}/bookings/nothing");
        await probe.SendAsync(OneBooking, HttpMethod.Get, $"{Cal}/bookings/{bookingId}", key: false);

        // Manage: JSON
        var manage = Api.PathOf(booking["manageUrl"]!.GetValue<string>());
        var forged = manage[..(manage.LastIndexOf('.') + 1)] + "AAAAAAAAAAAAAAAAAAAAAA";
        await probe.SendAsync(Manage, HttpMethod.Get, manage, accept: "application/json");
        await probe.SendAsync(Manage, HttpMethod.Get, manage, accept: Html);
        await probe.SendAsync(Manage, HttpMethod.Get, forged, accept: "application/json");
        await probe.SendAsync(Manage, HttpMethod.Get, forged, accept: Html);
        await probe.SendAsync(ManageReschedule, HttpMethod.Post, manage + "/reschedule", Raw("{", "application/json"));
        await probe.SendAsync(ManageReschedule, HttpMethod.Post, manage + "/reschedule", Raw("{\"start\":[]}", "application/json"));
        await probe.SendAsync(ManageReschedule, HttpMethod.Post, manage + "/reschedule", Raw("{\"start\":\"" + new string('x', 70_000) + "\"}", "application/json"));
        await probe.SendAsync(ManageReschedule, HttpMethod.Post, manage + "/reschedule", Raw("start=x", "text/plain"));
        await probe.SendAsync(ManageReschedule, HttpMethod.Post, manage + "/reschedule", Json(new { start = "soon" }));
        await probe.SendAsync(ManageReschedule, HttpMethod.Post, manage + "/reschedule", Json(new { start = Iso(ApiTestHelpers.MondaySlot(1)) }));
        await probe.SendAsync(ManageReschedule, HttpMethod.Post, forged + "/reschedule", Json(new { start = Iso(ApiTestHelpers.MondaySlot(2)) }));
        await probe.SendAsync(ManageReschedule, HttpMethod.Post, manage + "/reschedule", Json(new { start = Iso(ApiTestHelpers.MondaySlot(2)) }));
        await probe.SendAsync(ManageReschedule, HttpMethod.Post, manage + "/reschedule", Json(new { start = Iso(ApiTestHelpers.MondaySlot(12)) }));

        // Manage: the page's forms
        await probe.SendAsync(ManageReschedule, HttpMethod.Post, manage + "/reschedule", Form(("start", "soon")), accept: Html);
        await probe.SendAsync(ManageReschedule, HttpMethod.Post, manage + "/reschedule", Form(("start", Iso(ApiTestHelpers.MondaySlot(1)))), accept: Html);
        await probe.SendAsync(ManageReschedule, HttpMethod.Post, forged + "/reschedule", Form(("start", Iso(ApiTestHelpers.MondaySlot(7)))), accept: Html);
        await probe.SendAsync(ManageReschedule, HttpMethod.Post, manage + "/reschedule", Raw("--x\r\n", "multipart/form-data"), accept: Html);
        await probe.SendAsync(ManageReschedule, HttpMethod.Post, manage + "/reschedule", Form(("start", Iso(ApiTestHelpers.MondaySlot(7)))), accept: Html);
        await probe.SendAsync(ManageCancel, HttpMethod.Post, forged + "/cancel", Form(("idempotencyKey", "form-key-0001")), accept: Html);
        await probe.SendAsync(ManageCancel, HttpMethod.Post, manage + "/cancel", Raw("--x\r\n", "multipart/form-data"), accept: Html);
        await probe.SendAsync(ManageCancel, HttpMethod.Post, manage + "/cancel", Raw("a=" + new string('x', 70_000), "application/x-www-form-urlencoded"), accept: Html);
        await probe.SendAsync(ManageCancel, HttpMethod.Post, manage + "/cancel", Form(("idempotencyKey", "form-key-0001")), accept: Html);
        await probe.SendAsync(ManageCancel, HttpMethod.Post, manage + "/cancel", Form(("idempotencyKey", "form-key-0002")), accept: Html);

        // Manage: cancel as an API client, on a second booking; then the CRM's changes on a third
        var second = await app.BookJsonAsync((await app.GenerateLinkAsync(ApiTestHelpers.CalendarId))["url"]!.GetValue<string>(), ApiTestHelpers.MondaySlot(8));
        var secondManage = Api.PathOf((await second.ReadObjectAsync())["manageUrl"]!.GetValue<string>());
        await probe.SendAsync(ManageCancel, HttpMethod.Post, secondManage + "/cancel", headers: [("Idempotency-Key", "short")]);
        await probe.SendAsync(ManageCancel, HttpMethod.Post, forged + "/cancel");
        await probe.SendAsync(ManageCancel, HttpMethod.Post, secondManage + "/cancel");
        await probe.SendAsync(ManageCancel, HttpMethod.Post, secondManage + "/cancel");

        var third = await app.BookJsonAsync((await app.GenerateLinkAsync(ApiTestHelpers.CalendarId))["url"]!.GetValue<string>(), ApiTestHelpers.MondaySlot(9));
        var thirdId = (await third.ReadObjectAsync())["bookingId"]!.GetValue<string>();
        var path = $"{Cal}/bookings/{thirdId}";
        await probe.SendAsync(CrmReschedule, HttpMethod.Post, path + "/reschedule", Raw("{", "application/json"));
        await probe.SendAsync(CrmReschedule, HttpMethod.Post, path + "/reschedule", Raw("{\"start\":\"" + new string('x', 70_000) + "\"}", "application/json"));
        await probe.SendAsync(CrmReschedule, HttpMethod.Post, path + "/reschedule", Raw("x", "text/plain"));
        await probe.SendAsync(CrmReschedule, HttpMethod.Post, path + "/reschedule", Json(new { start = "soon" }));
        await probe.SendAsync(CrmReschedule, HttpMethod.Post, path + "/reschedule", Json(new { start = Iso(ApiTestHelpers.MondaySlot(1)) }));
        await probe.SendAsync(CrmReschedule, HttpMethod.Post, $"{Cal}/bookings/nothing/reschedule", Json(new { start = Iso(ApiTestHelpers.MondaySlot(10)) }));
        await probe.SendAsync(CrmReschedule, HttpMethod.Post, path + "/reschedule", Json(new { start = Iso(ApiTestHelpers.MondaySlot(10)) }), key: false);
        await probe.SendAsync(CrmReschedule, HttpMethod.Post, path + "/reschedule", Json(new { start = Iso(ApiTestHelpers.MondaySlot(10)) }));
        // Issue 23: the booking here is confirmed (the calendar does not require confirmation) and has not started.
        await probe.SendAsync(CrmConfirm, HttpMethod.Post, path + "/confirm", Json(new { }));
        await probe.SendAsync(CrmConfirm, HttpMethod.Post, $"{Cal}/bookings/nothing/confirm", Json(new { }));
        await probe.SendAsync(CrmConfirm, HttpMethod.Post, path + "/confirm", Json(new { }), key: false);
        await probe.SendAsync(CrmDecline, HttpMethod.Post, path + "/decline", Json(new { reason = "No", reopenLink = true }));
        await probe.SendAsync(CrmDecline, HttpMethod.Post, path + "/decline", Raw("{\"reopenLink\":\"yes\"}", "application/json"));
        await probe.SendAsync(CrmDecline, HttpMethod.Post, path + "/decline", Raw("x", "text/plain"));
        await probe.SendAsync(CrmDecline, HttpMethod.Post, path + "/decline", Json(new { reason = new string('x', 501) }));
        await probe.SendAsync(CrmDecline, HttpMethod.Post, $"{Cal}/bookings/nothing/decline", Json(new { }));
        await probe.SendAsync(CrmAttendance, HttpMethod.Post, path + "/attendance", Json(new { status = "showed" }));
        await probe.SendAsync(CrmAttendance, HttpMethod.Post, path + "/attendance", Json(new { status = "late" }));
        await probe.SendAsync(CrmAttendance, HttpMethod.Post, path + "/attendance", Raw("{", "application/json"));
        await probe.SendAsync(CrmAttendance, HttpMethod.Post, $"{Cal}/bookings/nothing/attendance", Json(new { status = "showed" }));
        await probe.SendAsync(CrmAttendance, HttpMethod.Post, path + "/attendance", Json(new { status = "showed" }), key: false);
        await probe.SendAsync(CrmCancel, HttpMethod.Post, path + "/cancel", Raw("{\"reason\":3}", "application/json"));
        await probe.SendAsync(CrmCancel, HttpMethod.Post, path + "/cancel", Raw("{\"reason\":\"" + new string('x', 70_000) + "\"}", "application/json"));
        await probe.SendAsync(CrmCancel, HttpMethod.Post, path + "/cancel", Raw("x", "text/plain"));
        await probe.SendAsync(CrmCancel, HttpMethod.Post, path + "/cancel", Json(new { reason = new string('x', 501) }));
        await probe.SendAsync(CrmCancel, HttpMethod.Post, $"{Cal}/bookings/nothing/cancel", Json(new { }));
        await probe.SendAsync(CrmCancel, HttpMethod.Post, path + "/cancel", Json(new { }), key: false);
        await probe.SendAsync(CrmCancel, HttpMethod.Post, path + "/cancel", Json(new { reason = "Ill" }));
        await probe.SendAsync(CrmCancel, HttpMethod.Post, path + "/cancel", Json(new { reason = "Ill" }));
        await probe.SendAsync(CrmReschedule, HttpMethod.Post, path + "/reschedule", Json(new { start = Iso(ApiTestHelpers.MondaySlot(11)) }));
    }

    private static async Task ProbeOperationsAsync(TestApp app, Probe probe)
    {
        var css = app.Services.GetRequiredService<AssetCatalog>().PublicNameOf(AssetCatalog.StyleSheet);
        var script = app.Services.GetRequiredService<AssetCatalog>().PublicNameOf(AssetCatalog.Script);
        var first = await probe.SendAsync("/api/assets/{name}", HttpMethod.Get, "/api/assets/" + css);
        await probe.SendAsync("/api/assets/{name}", HttpMethod.Get, "/api/assets/" + script);
        await probe.SendAsync("/api/assets/{name}", HttpMethod.Get, "/api/assets/" + css, headers: [("If-None-Match", first.ETag!)]);
        await probe.SendAsync("/api/assets/{name}", HttpMethod.Get, "/api/assets/nothing.css");
        await probe.SendAsync("/api/health", HttpMethod.Get, "/api/health");
        await probe.SendAsync("/api/openapi.json", HttpMethod.Get, "/api/openapi.json");
    }

    private static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static Func<HttpContent> Json(object body) => () => JsonContent.Create(body);

    private static Func<HttpContent> BookBody(DateTimeOffset start) => Json(new { start = Iso(start), name = "Jane Doe", email = "jane@example.com" });

    private static Func<HttpContent> Raw(string text, string mediaType) => () =>
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType.StartsWith("multipart", StringComparison.Ordinal) ? mediaType + "; boundary=x" : mediaType);
        return content;
    };

    private static Func<HttpContent> Form(params (string Name, string Value)[] fields) => () =>
        new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>
    /// Sends requests as the app's clients do and checks each answer against the contract. Redirects are not followed:
    /// a form post's 303 is the answer of its route, and the page it leads to belongs to another.
    /// </summary>
    private sealed class Probe(TestApp app, Contract contract) : IDisposable
    {
        private readonly HttpClient _client = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress };

        public List<string> Problems { get; } = [];

        public int Checked { get; private set; }

        public HashSet<string> Seen { get; } = [];

        public async Task<(int Status, string? ETag)> SendAsync(
            string documentPath, HttpMethod method, string url, Func<HttpContent>? content = null, bool key = true,
            string? accept = null, (string Name, string Value)[]? headers = null)
        {
            var (status, etag, _) = await SendCoreAsync(documentPath, method, url, content, key, accept, headers);
            return (status, etag);
        }

        public async Task<JsonObject> SendJsonAsync(string documentPath, HttpMethod method, string url, Func<HttpContent> content)
        {
            var (status, _, body) = await SendCoreAsync(documentPath, method, url, content, key: true, accept: null, headers: null);
            Assert.True(status is >= 200 and < 300, $"{method} {url}: {status} {body}");
            return JsonNode.Parse(body)!.AsObject();
        }

        private async Task<(int Status, string? ETag, string Body)> SendCoreAsync(
            string documentPath, HttpMethod method, string url, Func<HttpContent>? content, bool key, string? accept, (string Name, string Value)[]? headers)
        {
            using var request = new HttpRequestMessage(method, url) { Content = content?.Invoke() };
            if (accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", accept);
            }

            foreach (var (name, value) in headers ?? [])
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            if (key && (documentPath.StartsWith("/api/calendars/", StringComparison.Ordinal) || documentPath.StartsWith("/api/webhooks", StringComparison.Ordinal)))
            {
                request.Headers.Add("x-functions-key", TestApp.FunctionKey);
            }

            using var response = await _client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var status = (int)response.StatusCode;
            Checked++;
            Seen.Add($"{method.Method.ToLowerInvariant()} {documentPath} {status}");
            if (contract.Check(method.Method.ToLowerInvariant(), documentPath, status, mediaType, body) is { } problem)
            {
                Problems.Add($"{method} {url[..Math.Min(url.Length, 120)]} → {status} {mediaType}: {problem}");
            }

            return (status, response.Headers.ETag?.ToString(), body);
        }

        public void Dispose() => _client.Dispose();
    }

    /// <summary>One operation's documented answers, and a JSON Schema 2020-12 check of a body against them.</summary>
    private sealed class Contract(JsonObject document)
    {
        private readonly JsonObject _definitions = RewriteReferences(document["components"]!["schemas"]!.DeepClone())!.AsObject();

        /// <summary>Null when the answer is documented and its body fits; otherwise what is wrong.</summary>
        public string? Check(string method, string path, int status, string? mediaType, string body)
        {
            if (document["paths"]?[path]?[method] is not JsonObject operation)
            {
                return $"no operation {method.ToUpperInvariant()} {path} in the document";
            }

            if (Resolve(operation["responses"]?[status.ToString(CultureInfo.InvariantCulture)]) is not JsonObject response)
            {
                return $"status {status} is not documented for {method.ToUpperInvariant()} {path}";
            }

            if (body.Length == 0)
            {
                return null;
            }

            if (mediaType is null || response["content"]?[mediaType] is not JsonObject media)
            {
                return $"media type {mediaType ?? "(none)"} is not documented for {status}";
            }

            if (!mediaType.EndsWith("json", StringComparison.Ordinal))
            {
                return null;
            }

            var schemaNode = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$defs"] = _definitions.DeepClone(),
                ["allOf"] = new JsonArray(RewriteReferences(media["schema"]?.DeepClone() ?? new JsonObject())),
            };
            var schema = JsonSchema.FromText(schemaNode.ToJsonString());
            var result = schema.Evaluate(JsonNode.Parse(body), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            return result.IsValid
                ? null
                : "body does not match the schema: " + string.Join("; ", (result.Details ?? [])
                    .Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(5))
                    + " — " + body[..Math.Min(body.Length, 300)];
        }

        /// <summary>A response written as a reference to components/responses, followed.</summary>
        private JsonNode? Resolve(JsonNode? response) =>
            response?["$ref"] is JsonValue reference && reference.GetValue<string>() is ['#', '/', .. var pointer]
                ? pointer.Split('/').Aggregate((JsonNode?)document, (node, segment) => node?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)])
                : response;

        /// <summary>The document's references point into components; the check's schema keeps them under $defs.</summary>
        private static JsonNode? RewriteReferences(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj.ToList())
                    {
                        if (name == "$ref" && value is JsonValue reference)
                        {
                            obj["$ref"] = reference.GetValue<string>().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
                        }
                        else
                        {
                            RewriteReferences(value);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        RewriteReferences(item);
                    }

                    break;
            }

            return node;
        }
    }
}
