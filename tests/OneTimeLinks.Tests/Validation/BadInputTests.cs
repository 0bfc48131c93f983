using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OneTimeLinks.Tests.Infrastructure;
using static OneTimeLinks.Tests.Infrastructure.ApiTestHelpers;

namespace OneTimeLinks.Tests.Validation;

/// <summary>
/// Bad input on every write route and on listing: each case names the status, the RFC 9457 problem and the exact field
/// key in its <c>errors</c> (or that there is none), and proves that nothing at all was written to the table.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BadInputTests(AzuriteFixture azurite)
{
    private const string NewCalendar = "/api/calendars/new-cal";
    private const string Links = "/api/calendars/dr-smith/links";
    private const string Book = "{token}/book";
    private const string Json = "application/json";

    /// <param name="ErrorKey">The one key expected in the problem's <c>errors</c>; null when the problem has no field errors.</param>
    public sealed record BadInput(string Method, string Path, string? Body, HttpStatusCode Status, string? ErrorKey, string? ContentType = Json, string? IdempotencyKey = null);

    private static string Calendar(string fields = "", string availability = """{"monday":[{"start":"09:00","end":"17:00"}]}""") =>
        "{" + $"\"name\":\"Dr. Smith\",\"timeZone\":\"Europe/Berlin\",\"slotMinutes\":30,\"availability\":{availability}" + fields + "}";

    private static string Booking(string start = "2026-12-07T09:00:00+01:00", string name = "\"Jane Doe\"", string email = "\"jane@example.com\"") =>
        "{" + $"\"start\":\"{start}\",\"name\":{name},\"email\":{email}" + "}";

    private static readonly Dictionary<string, BadInput> Cases = new()
    {
        // PUT /api/calendars/{calendarId}
        ["calendar: not JSON"] = new("PUT", NewCalendar, "name=Dr. Smith", HttpStatusCode.BadRequest, ""),
        ["calendar: truncated JSON"] = new("PUT", NewCalendar, """{"name":"Dr. Smith",""", HttpStatusCode.BadRequest, ""),
        ["calendar: JSON array"] = new("PUT", NewCalendar, "[]", HttpStatusCode.BadRequest, ""),
        ["calendar: JSON null"] = new("PUT", NewCalendar, "null", HttpStatusCode.BadRequest, null),
        ["calendar: empty body"] = new("PUT", NewCalendar, "", HttpStatusCode.BadRequest, null),
        ["calendar: slotMinutes is a string"] = new("PUT", NewCalendar, Calendar().Replace("30", "\"thirty\"", StringComparison.Ordinal), HttpStatusCode.BadRequest, "slotMinutes"),
        ["calendar: slotMinutes as a numeric string"] = new("PUT", NewCalendar, Calendar().Replace("30", "\"30\"", StringComparison.Ordinal), HttpStatusCode.BadRequest, "slotMinutes"),
        ["calendar: availability is an array"] = new("PUT", NewCalendar, Calendar(availability: "[]"), HttpStatusCode.BadRequest, "availability"),
        ["calendar: unknown time zone"] = new("PUT", NewCalendar, Calendar().Replace("Europe/Berlin", "Mars/Olympus_Mons", StringComparison.Ordinal), HttpStatusCode.UnprocessableEntity, "timeZone"),
        ["calendar: Windows time zone id"] = new("PUT", NewCalendar, Calendar().Replace("Europe/Berlin", "W. Europe Standard Time", StringComparison.Ordinal), HttpStatusCode.UnprocessableEntity, "timeZone"),
        ["calendar: time not HH:mm"] = new("PUT", NewCalendar, Calendar(availability: """{"monday":[{"start":"9:00","end":"17:00"}]}"""), HttpStatusCode.UnprocessableEntity, "availability.monday[0].start"),
        ["calendar: end before start"] = new("PUT", NewCalendar, Calendar(availability: """{"monday":[{"start":"17:00","end":"09:00"}]}"""), HttpStatusCode.UnprocessableEntity, "availability.monday[0].end"),
        ["calendar: overlapping windows"] = new("PUT", NewCalendar, Calendar(availability: """{"monday":[{"start":"09:00","end":"12:00"},{"start":"11:30","end":"14:00"}]}"""), HttpStatusCode.UnprocessableEntity, "availability.monday"),
        ["calendar: unknown weekday"] = new("PUT", NewCalendar, Calendar(availability: """{"funday":[{"start":"09:00","end":"17:00"}]}"""), HttpStatusCode.UnprocessableEntity, "availability.funday"),
        ["calendar: slotMinutes 4"] = new("PUT", NewCalendar, Calendar().Replace(":30", ":4", StringComparison.Ordinal), HttpStatusCode.UnprocessableEntity, "slotMinutes"),
        ["calendar: horizonDays 366"] = new("PUT", NewCalendar, Calendar(",\"horizonDays\":366"), HttpStatusCode.UnprocessableEntity, "horizonDays"),
        ["calendar: negative minimum notice"] = new("PUT", NewCalendar, Calendar(",\"minimumNoticeMinutes\":-1"), HttpStatusCode.UnprocessableEntity, "minimumNoticeMinutes"),
        ["calendar: name missing"] = new("PUT", NewCalendar, Calendar().Replace("\"name\":\"Dr. Smith\",", "", StringComparison.Ordinal), HttpStatusCode.UnprocessableEntity, "name"),
        ["calendar: id with a dot"] = new("PUT", "/api/calendars/new.cal", Calendar(), HttpStatusCode.UnprocessableEntity, "calendarId"),
        ["calendar: text/plain"] = new("PUT", NewCalendar, Calendar(), HttpStatusCode.UnsupportedMediaType, null, "text/plain"),
        ["calendar: body over 64 KiB"] = new("PUT", NewCalendar, Calendar($",\"contactMessage\":\"{new string('x', 70_000)}\""), HttpStatusCode.RequestEntityTooLarge, null),

        // POST /api/calendars/{calendarId}/links
        ["generate: expiry in the past"] = new("POST", Links, """{"expiresAt":"2026-12-07T07:59:59+01:00"}""", HttpStatusCode.UnprocessableEntity, "expiresAt"),
        ["generate: expiry exactly now"] = new("POST", Links, """{"expiresAt":"2026-12-07T07:00:00Z"}""", HttpStatusCode.UnprocessableEntity, "expiresAt"),
        ["generate: expiry without offset"] = new("POST", Links, """{"expiresAt":"2026-12-08T17:00:00"}""", HttpStatusCode.UnprocessableEntity, "expiresAt"),
        ["generate: expiry is a number"] = new("POST", Links, """{"expiresAt":1796666400}""", HttpStatusCode.BadRequest, "expiresAt"),
        ["generate: note of 501 characters"] = new("POST", Links, $"{{\"note\":\"{new string('n', 501)}\"}}", HttpStatusCode.UnprocessableEntity, "note"),
        ["generate: expiry in a culture's form (could be read as 10 December)"] = new("POST", Links, """{"expiresAt":"12/10/2030 10:00 +01:00"}""", HttpStatusCode.UnprocessableEntity, "expiresAt"),
        ["generate: expiry with a space for T"] = new("POST", Links, """{"expiresAt":"2026-12-08 17:00:00+01:00"}""", HttpStatusCode.UnprocessableEntity, "expiresAt"),
        ["generate: expiry at the never-expires sentinel"] = new("POST", Links, """{"expiresAt":"9999-12-31T23:59:59Z"}""", HttpStatusCode.UnprocessableEntity, "expiresAt"),
        ["generate: expiry a second over 5 years ahead"] = new("POST", Links, """{"expiresAt":"2031-12-07T07:00:01Z"}""", HttpStatusCode.UnprocessableEntity, "expiresAt"),
        ["generate: maxUses as a string"] = new("POST", Links, """{"maxUses":"3"}""", HttpStatusCode.BadRequest, "maxUses"),
        ["generate: maxUses 0"] = new("POST", Links, """{"maxUses":0}""", HttpStatusCode.UnprocessableEntity, "maxUses"),
        ["generate: maxUses 101"] = new("POST", Links, """{"maxUses":101}""", HttpStatusCode.UnprocessableEntity, "maxUses"),
        ["generate: maxUses 1.5"] = new("POST", Links, """{"maxUses":1.5}""", HttpStatusCode.BadRequest, "maxUses"),
        ["generate: contact email invalid"] = new("POST", Links, """{"contact":{"email":"jane.example.com"}}""", HttpStatusCode.UnprocessableEntity, "contact.email"),
        ["generate: unknown calendar"] = new("POST", "/api/calendars/nobody/links", "{}", HttpStatusCode.NotFound, null),
        ["generate: form content type"] = new("POST", Links, "maxUses=1", HttpStatusCode.UnsupportedMediaType, null, "application/x-www-form-urlencoded"),

        // POST {url}/book
        ["book: email invalid"] = new("POST", Book, Booking(email: "\"jane\""), HttpStatusCode.UnprocessableEntity, "email"),
        ["book: name missing"] = new("POST", Book, Booking(name: "null"), HttpStatusCode.UnprocessableEntity, "name"),
        ["book: start without offset"] = new("POST", Book, Booking(start: "2026-12-07T09:00:00"), HttpStatusCode.UnprocessableEntity, "start"),
        ["book: start in a culture's form"] = new("POST", Book, Booking(start: "12/07/2026 09:00 +01:00"), HttpStatusCode.UnprocessableEntity, "start"),
        ["book: start without seconds"] = new("POST", Book, Booking(start: "2026-12-07T09:00+01:00"), HttpStatusCode.UnprocessableEntity, "start"),
        ["book: start misaligned is 409, not 422"] = new("POST", Book, Booking(start: "2026-12-07T09:10:00+01:00"), HttpStatusCode.Conflict, null),
        ["book: start outside availability"] = new("POST", Book, Booking(start: "2026-12-12T09:00:00+01:00"), HttpStatusCode.Conflict, null),
        ["book: name is a number"] = new("POST", Book, Booking(name: "42"), HttpStatusCode.BadRequest, "name"),
        ["book: truncated JSON"] = new("POST", Book, """{"start":""", HttpStatusCode.BadRequest, "start"),
        ["book: idempotency key too short"] = new("POST", Book, Booking(), HttpStatusCode.BadRequest, null, Json, "short"),
        ["book: unknown token"] = new("POST", "/api/l/dr-smith.0000000000000abcdef.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/book", Booking(), HttpStatusCode.NotFound, null),
        ["book: text/plain"] = new("POST", Book, Booking(), HttpStatusCode.UnsupportedMediaType, null, "text/plain"),

        // GET /api/calendars/{calendarId}/links
        ["list: unknown status"] = new("GET", Links + "?status=deleted", null, HttpStatusCode.UnprocessableEntity, "status", null),
        ["list: pageSize 0"] = new("GET", Links + "?pageSize=0", null, HttpStatusCode.UnprocessableEntity, "pageSize", null),
        ["list: pageSize 201"] = new("GET", Links + "?pageSize=201", null, HttpStatusCode.UnprocessableEntity, "pageSize", null),
        ["list: pageSize not a number"] = new("GET", Links + "?pageSize=ten", null, HttpStatusCode.UnprocessableEntity, "pageSize", null),
        ["list: bogus continuation"] = new("GET", Links + "?continuation=bogus", null, HttpStatusCode.UnprocessableEntity, "continuation", null),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Fact]
    public void Cases_CoverAtLeast25BadInputs()
    {
        Assert.True(Cases.Count >= 25, $"{Cases.Count} cases");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task BadInput_AnsweredWithAProblemAndTheExactFieldError_WritesNothing(string caseName)
    {
        var input = Cases[caseName];
        await using var app = await StartWithCalendarAsync(azurite);
        var url = (await app.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        var rowsBefore = await app.RowsAsync();

        using var request = new HttpRequestMessage(new HttpMethod(input.Method), input.Path.Replace("{token}", Infrastructure.Api.PathOf(url), StringComparison.Ordinal));
        if (input.Body is not null)
        {
            request.Content = new StringContent(input.Body, Encoding.UTF8);
            request.Content.Headers.ContentType = input.ContentType is null ? null : new MediaTypeHeaderValue(input.ContentType);
        }

        if (input.IdempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", input.IdempotencyKey);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var client = input.Path.StartsWith("/api/calendars", StringComparison.Ordinal) ? app.Management : app.Public;
        using var response = await client.SendAsync(request);

        var problem = await response.AssertProblemAsync(input.Status);
        if (input.ErrorKey is null)
        {
            Assert.Null(problem["errors"]);
        }
        else
        {
            var keys = problem["errors"]!.AsObject().Select(e => e.Key).ToList();
            Assert.Equal([input.ErrorKey], keys);
        }

        Assert.Equal(rowsBefore, await app.RowsAsync());
    }
}
