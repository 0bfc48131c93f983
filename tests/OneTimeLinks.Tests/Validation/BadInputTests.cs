using System.Net.Http.Headers;
using System.Text;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Tests.Validation;

/// <summary>
/// Bad input on every write route and on listing: each case names the status, the RFC 9457 problem and the exact field
/// key in its <c>errors</c> (or that there is none), and proves that nothing at all was written to the table.
/// </summary>
public sealed class BadInputTests(AzuriteFixture azurite)
    : BadInputTable<BadInputTests, BadInputTests.BadInput>(floor: 25), IBadInputTable<BadInputTests.BadInput>, IClassFixture<AzuriteFixture>
{
    private const string NewCalendar = "/api/calendars/new-cal";
    private const string Links = "/api/calendars/dr-smith/links";
    private const string Batch = "/api/calendars/dr-smith/links/batch";
    private const string Book = "{token}/book";
    private const string Json = "application/json";

    /// <param name="ErrorKey">The one key expected in the problem's <c>errors</c>; null when the problem has no field errors.</param>
    public sealed record BadInput(string Method, string Path, string? Body, HttpStatusCode Status, string? ErrorKey, string? ContentType = Json, string? IdempotencyKey = null);

    private static string CalendarJson(string fields = "", string availability = """{"monday":[{"start":"09:00","end":"17:00"}]}""") =>
        "{" + $"\"name\":\"Dr. Smith\",\"timeZone\":\"Europe/Berlin\",\"slotMinutes\":30,\"availability\":{availability}" + fields + "}";

    private static string Booking(string start = "2026-12-07T09:00:00+01:00", string name = "\"Jane Doe\"", string email = "\"jane@example.com\"") =>
        "{" + $"\"start\":\"{start}\",\"name\":{name},\"email\":{email}" + "}";

    public static IReadOnlyDictionary<string, BadInput> Cases { get; } = new Dictionary<string, BadInput>
    {
        // PUT /api/calendars/{calendarId}
        ["calendar: not JSON"] = new("PUT", NewCalendar, "name=Dr. Smith", HttpStatusCode.BadRequest, ""),
        ["calendar: truncated JSON"] = new("PUT", NewCalendar, """{"name":"Dr. Smith",""", HttpStatusCode.BadRequest, ""),
        ["calendar: JSON array"] = new("PUT", NewCalendar, "[]", HttpStatusCode.BadRequest, ""),
        ["calendar: JSON null"] = new("PUT", NewCalendar, "null", HttpStatusCode.BadRequest, null),
        ["calendar: empty body"] = new("PUT", NewCalendar, "", HttpStatusCode.BadRequest, null),
        ["calendar: slotMinutes is a string"] = new("PUT", NewCalendar, CalendarJson().Replace("30", "\"thirty\"", StringComparison.Ordinal), HttpStatusCode.BadRequest, "slotMinutes"),
        ["calendar: slotMinutes as a numeric string"] = new("PUT", NewCalendar, CalendarJson().Replace("30", "\"30\"", StringComparison.Ordinal), HttpStatusCode.BadRequest, "slotMinutes"),
        ["calendar: availability is an array"] = new("PUT", NewCalendar, CalendarJson(availability: "[]"), HttpStatusCode.BadRequest, "availability"),
        ["calendar: unknown time zone"] = new("PUT", NewCalendar, CalendarJson().Replace("Europe/Berlin", "Mars/Olympus_Mons", StringComparison.Ordinal), HttpStatusCode.UnprocessableEntity, "timeZone"),
        ["calendar: Windows time zone id"] = new("PUT", NewCalendar, CalendarJson().Replace("Europe/Berlin", "W. Europe Standard Time", StringComparison.Ordinal), HttpStatusCode.UnprocessableEntity, "timeZone"),
        ["calendar: time not HH:mm"] = new("PUT", NewCalendar, CalendarJson(availability: """{"monday":[{"start":"9:00","end":"17:00"}]}"""), HttpStatusCode.UnprocessableEntity, "availability.monday[0].start"),
        ["calendar: end before start"] = new("PUT", NewCalendar, CalendarJson(availability: """{"monday":[{"start":"17:00","end":"09:00"}]}"""), HttpStatusCode.UnprocessableEntity, "availability.monday[0].end"),
        ["calendar: overlapping windows"] = new("PUT", NewCalendar, CalendarJson(availability: """{"monday":[{"start":"09:00","end":"12:00"},{"start":"11:30","end":"14:00"}]}"""), HttpStatusCode.UnprocessableEntity, "availability.monday"),
        ["calendar: unknown weekday"] = new("PUT", NewCalendar, CalendarJson(availability: """{"funday":[{"start":"09:00","end":"17:00"}]}"""), HttpStatusCode.UnprocessableEntity, "availability.funday"),
        ["calendar: slotMinutes 4"] = new("PUT", NewCalendar, CalendarJson().Replace(":30", ":4", StringComparison.Ordinal), HttpStatusCode.UnprocessableEntity, "slotMinutes"),
        ["calendar: horizonDays 366"] = new("PUT", NewCalendar, CalendarJson(",\"horizonDays\":366"), HttpStatusCode.UnprocessableEntity, "horizonDays"),
        ["calendar: negative minimum notice"] = new("PUT", NewCalendar, CalendarJson(",\"minimumNoticeMinutes\":-1"), HttpStatusCode.UnprocessableEntity, "minimumNoticeMinutes"),
        ["calendar: name missing"] = new("PUT", NewCalendar, CalendarJson().Replace("\"name\":\"Dr. Smith\",", "", StringComparison.Ordinal), HttpStatusCode.UnprocessableEntity, "name"),
        ["calendar: id with a dot"] = new("PUT", "/api/calendars/new.cal", CalendarJson(), HttpStatusCode.UnprocessableEntity, "calendarId"),
        ["calendar: text/plain"] = new("PUT", NewCalendar, CalendarJson(), HttpStatusCode.UnsupportedMediaType, null, "text/plain"),
        ["calendar: body over 64 KiB"] = new("PUT", NewCalendar, CalendarJson($",\"contactMessage\":\"{new string('x', 70_000)}\""), HttpStatusCode.RequestEntityTooLarge, null),

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
        ["generate: idempotency key too short"] = new("POST", Links, "{}", HttpStatusCode.BadRequest, null, Json, "short"),
        ["generate: idempotency key with a space"] = new("POST", Links, "{}", HttpStatusCode.BadRequest, null, Json, "has space inside"),
        ["generate: idempotency key of 256 characters"] = new("POST", Links, "{}", HttpStatusCode.BadRequest, null, Json, new string('k', 256)),

        // PUT and DELETE /api/calendars/{calendarId}/busy/{busyId}: a path value with "%2F" may be "/" or "%252F"
        ["busy put: path id with an escaped slash"] = new("PUT", "/api/calendars/dr-smith/busy/a%2Fb-X", """{"start":"2026-12-07T10:00:00Z","end":"2026-12-07T11:00:00Z"}""", HttpStatusCode.UnprocessableEntity, "busyId"),
        ["busy delete: path id with an escaped %2F"] = new("DELETE", "/api/calendars/dr-smith/busy/a%252Fb-X", null, HttpStatusCode.UnprocessableEntity, "busyId", null),
        ["busy put by id: busyId missing"] = new("PUT", "/api/calendars/dr-smith/busy-by-id", """{"start":"2026-12-07T10:00:00Z","end":"2026-12-07T11:00:00Z"}""", HttpStatusCode.UnprocessableEntity, "busyId"),

        // POST /api/calendars/{calendarId}/links/batch: a body that is not an object with a links array fails whole
        ["batch: links is a string"] = new("POST", Batch, """{"links":"x"}""", HttpStatusCode.BadRequest, "links"),
        ["batch: links is an object"] = new("POST", Batch, """{"links":{"requestId":"a"}}""", HttpStatusCode.BadRequest, "links"),
        ["batch: body is an array"] = new("POST", Batch, """[{"requestId":"a"}]""", HttpStatusCode.BadRequest, ""),
        ["batch: an item is not well-formed JSON"] = new("POST", Batch, """{"links":[{"requestId":"a"},{"requestId":}]}""", HttpStatusCode.BadRequest, "links"),

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

    /// <param name="Item">One batch item, sent between two valid ones.</param>
    /// <param name="ErrorKey">The one key expected in the item's <c>errors</c> ("" names the item itself).</param>
    /// <param name="RequestId">The request id its result names, when the item holds one that can be read.</param>
    public sealed record BadBatchItem(string Item, string ErrorKey, string? RequestId = "bad-1");

    /// <summary>A batch item of the wrong JSON type fails alone, like any other invalid item: JSON's types are as strict
    /// in a batch item as in a generate body.</summary>
    private static readonly Dictionary<string, BadBatchItem> BatchItemCases = new()
    {
        ["batch item: maxUses as a numeric string"] = new("""{"requestId":"bad-1","maxUses":"3"}""", "maxUses"),
        ["batch item: maxUses 1.5"] = new("""{"requestId":"bad-1","maxUses":1.5}""", "maxUses"),
        ["batch item: maxUses true"] = new("""{"requestId":"bad-1","maxUses":true}""", "maxUses"),
        ["batch item: maxUses beyond a 32-bit integer"] = new("""{"requestId":"bad-1","maxUses":4294967297}""", "maxUses"),
        ["batch item: maxUses an object"] = new("""{"requestId":"bad-1","maxUses":{"n":3}}""", "maxUses"),
        ["batch item: note a number"] = new("""{"requestId":"bad-1","note":5}""", "note"),
        ["batch item: note an object"] = new("""{"requestId":"bad-1","note":{"text":"x"}}""", "note"),
        ["batch item: expiresAt a number"] = new("""{"requestId":"bad-1","expiresAt":1796666400}""", "expiresAt"),
        ["batch item: requestId a number"] = new("""{"requestId":7,"note":"x"}""", "requestId", null),
        ["batch item: contact a string"] = new("""{"requestId":"bad-1","contact":"jane@example.com"}""", "contact"),
        ["batch item: contact.email a number"] = new("""{"requestId":"bad-1","contact":{"email":42}}""", "contact.email"),
        ["batch item: metadata an array"] = new("""{"requestId":"bad-1","metadata":["a"]}""", "metadata"),
        ["batch item: metadata value a number"] = new("""{"requestId":"bad-1","metadata":{"row":1}}""", "metadata.row"),
        ["batch item: durationMinutes as a numeric string"] = new("""{"requestId":"bad-1","durationMinutes":"30"}""", "durationMinutes"),
        ["batch item: durationMinutes 30.5 in a list"] = new("""{"requestId":"bad-1","durationMinutes":[30.5]}""", "durationMinutes"),
        ["batch item: window a string"] = new("""{"requestId":"bad-1","window":"2026-12-07"}""", "window"),
        ["batch item: window.from a number"] = new("""{"requestId":"bad-1","window":{"from":1,"to":"2026-12-08T00:00:00Z"}}""", "window.from"),
        ["batch item: title a bool"] = new("""{"requestId":"bad-1","title":true}""", "title"),
        ["batch item: a string"] = new("\"bad-1\"", "", null),
        ["batch item: an array"] = new("""[{"requestId":"bad-1"}]""", "", null),
        ["batch item: a number"] = new("3", "", null),
    };

    public static TheoryData<string> BatchItemCaseNames() => new(BatchItemCases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task BadInput_AnsweredWithAProblemAndTheExactFieldError_WritesNothing(string caseName)
    {
        var input = Cases[caseName];
        await using var app = await StartWithCalendarAsync(azurite);
        var url = await app.GenerateLinkUrlAsync();
        var rowsBefore = await app.RowsAsync();

        using var request = BadInputAssertions.RawRequest(input.Method, input.Path.Replace("{token}", Infrastructure.Api.PathOf(url), StringComparison.Ordinal), input.Body, input.ContentType);
        if (input.IdempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", input.IdempotencyKey);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var client = input.Path.StartsWith("/api/calendars", StringComparison.Ordinal) ? app.Management : app.Public;
        using var response = await client.SendAsync(request);

        await response.AssertFieldProblemAsync(input.Status, input.ErrorKey);
        Assert.Equal(rowsBefore, await app.RowsAsync());
    }

    [Theory]
    [MemberData(nameof(BatchItemCaseNames))]
    public async Task BadBatchItem_Answered422InItsPlaceWithTheExactFieldError_TheOthersCreated_NothingStoredForIt(string caseName)
    {
        var input = BatchItemCases[caseName];
        await using var app = await StartWithCalendarAsync(azurite);
        var rowsBefore = await app.RowsAsync();
        var body = $$"""{"links":[{"requestId":"good-1"},{{input.Item}},{"requestId":"good-2"}]}""";

        using var response = await app.Management.PostAsync(new Uri(Batch, UriKind.Relative), new StringContent(body, Encoding.UTF8, Json));

        var results = (await response.AssertJsonAsync(HttpStatusCode.OK))["results"]!.AsArray();
        Assert.Equal([201, 422, 201], results.Select(r => r!["status"]!.GetValue<int>()));
        var bad = results[1]!.AsObject();
        Assert.Equal(input.RequestId, bad["requestId"]?.GetValue<string>());
        Assert.Null(bad["link"]);
        Assert.Equal([input.ErrorKey], bad["errors"]!.AsObject().Select(e => e.Key));

        // Exactly the two valid items' links and request rows were added; none for the bad item.
        var added = (await app.RowsAsync()).Except(rowsBefore).ToList();
        Assert.Equal(2, added.Count(r => r.RowKey.StartsWith("link|", StringComparison.Ordinal)));
        Assert.Equal(
            new[] { TableKeys.RequestRow("good-1"), TableKeys.RequestRow("good-2") }.Order(),
            added.Where(r => r.RowKey.StartsWith("request|", StringComparison.Ordinal)).Select(r => r.RowKey).Order());
    }
}
