using static OneTimeLinks.Tests.Webhooks.SubscriptionTestHelpers;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>
/// Bad input on the subscription routes, as Validation/BadInputTests does for the rest of the API: each case names the
/// status, the RFC 9457 problem and the exact field key in its <c>errors</c> (or that there is none), and proves that
/// nothing at all was written and no connection was attempted.
/// </summary>
public sealed class WebhookBadInputTests(AzuriteFixture azurite)
    : BadInputTable<WebhookBadInputTests, WebhookBadInputTests.BadInput>(floor: 20), IBadInputTable<WebhookBadInputTests.BadInput>, IClassFixture<AzuriteFixture>
{
    private const string Webhooks = "/api/webhooks";
    private const string OneWebhook = "/api/webhooks/{id}";
    private const string Json = "application/json";

    /// <param name="ErrorKey">The one key expected in the problem's <c>errors</c>; null when the problem has no field errors.</param>
    public sealed record BadInput(string Method, string Path, string? Body, HttpStatusCode Status, string? ErrorKey, string? ContentType = Json);

    private static string Url(string url) => $$"""{"url":"{{url}}"}""";

    private static string With(string fields) => $$"""{"url":"{{ReceiverUrl}}",{{fields}}}""";

    public static IReadOnlyDictionary<string, BadInput> Cases { get; } = new Dictionary<string, BadInput>
    {
        // POST /api/webhooks: the URL
        ["create: url missing"] = new("POST", Webhooks, "{}", HttpStatusCode.UnprocessableEntity, "url"),
        ["create: url empty"] = new("POST", Webhooks, Url(""), HttpStatusCode.UnprocessableEntity, "url"),
        ["create: url relative"] = new("POST", Webhooks, Url("/hooks/otl"), HttpStatusCode.UnprocessableEntity, "url"),
        ["create: url without a scheme"] = new("POST", Webhooks, Url("crm.example.test/hooks"), HttpStatusCode.UnprocessableEntity, "url"),
        ["create: url ftp"] = new("POST", Webhooks, Url("ftp://crm.example.test/hooks"), HttpStatusCode.UnprocessableEntity, "url"),
        ["create: url plain http"] = new("POST", Webhooks, Url("http://crm.example.test/hooks"), HttpStatusCode.UnprocessableEntity, "url"),
        ["create: url with credentials"] = new("POST", Webhooks, Url("https://crm:hunter2@crm.example.test/hooks"), HttpStatusCode.UnprocessableEntity, "url"),
        ["create: url with an empty user info"] = new("POST", Webhooks, Url("https://@crm.example.test/hooks"), HttpStatusCode.UnprocessableEntity, "url"),
        ["create: url of 2,001 characters"] = new("POST", Webhooks, Url(ReceiverUrl + "/" + new string('a', 2000 - ReceiverUrl.Length)), HttpStatusCode.UnprocessableEntity, "url"),
        ["create: url with a fragment"] = new("POST", Webhooks, Url(ReceiverUrl + "#part"), HttpStatusCode.UnprocessableEntity, "url"),
        ["create: url with a space"] = new("POST", Webhooks, Url("https://crm.example.test/my hooks"), HttpStatusCode.UnprocessableEntity, "url"),
        ["create: url host does not resolve"] = new("POST", Webhooks, Url("https://nowhere.example.test/hooks"), HttpStatusCode.UnprocessableEntity, "url"),
        ["create: url host resolves to a private address too"] = new("POST", Webhooks, Url("https://rebind.example.test/hooks"), HttpStatusCode.UnprocessableEntity, "url"),
        ["create: url is a number"] = new("POST", Webhooks, """{"url":42}""", HttpStatusCode.BadRequest, "url"),

        // POST /api/webhooks: the filters and the description
        ["create: unknown event type"] = new("POST", Webhooks, With("""  "eventTypes":["OneTimeLinks.Link.Used","OneTimeLinks.Link.Deleted"]"""), HttpStatusCode.UnprocessableEntity, "eventTypes[1]"),
        ["create: event type in the wrong case"] = new("POST", Webhooks, With(""" "eventTypes":["onetimelinks.link.used"]"""), HttpStatusCode.UnprocessableEntity, "eventTypes[0]"),
        ["create: event type null"] = new("POST", Webhooks, With(""" "eventTypes":[null]"""), HttpStatusCode.UnprocessableEntity, "eventTypes[0]"),
        ["create: event type listed twice"] = new("POST", Webhooks, With(""" "eventTypes":["OneTimeLinks.Link.Used","OneTimeLinks.Link.Used"]"""), HttpStatusCode.UnprocessableEntity, "eventTypes"),
        ["create: eventTypes is a string"] = new("POST", Webhooks, With(""" "eventTypes":"OneTimeLinks.Link.Used" """), HttpStatusCode.BadRequest, "eventTypes"),
        ["create: event type is a number"] = new("POST", Webhooks, With(""" "eventTypes":[1]"""), HttpStatusCode.BadRequest, "eventTypes[0]"),
        ["create: 51 calendar ids"] = new("POST", Webhooks, With($" \"calendarIds\":[{string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"cal-{i}\""))}]"), HttpStatusCode.UnprocessableEntity, "calendarIds"),
        ["create: calendar id with a dot"] = new("POST", Webhooks, With(""" "calendarIds":["dr.smith"]"""), HttpStatusCode.UnprocessableEntity, "calendarIds[0]"),
        ["create: calendar id empty"] = new("POST", Webhooks, With(""" "calendarIds":["dr-smith",""]"""), HttpStatusCode.UnprocessableEntity, "calendarIds[1]"),
        ["create: calendar id listed twice"] = new("POST", Webhooks, With(""" "calendarIds":["dr-smith","dr-smith"]"""), HttpStatusCode.UnprocessableEntity, "calendarIds"),
        ["create: calendarIds is an object"] = new("POST", Webhooks, With(""" "calendarIds":{"id":"dr-smith"}"""), HttpStatusCode.BadRequest, "calendarIds"),
        ["create: description of 501 characters"] = new("POST", Webhooks, With($" \"description\":\"{new string('d', 501)}\""), HttpStatusCode.UnprocessableEntity, "description"),
        ["create: description with a control character"] = new("POST", Webhooks, With(""" "description":"a\u0007b" """), HttpStatusCode.UnprocessableEntity, "description"),
        ["create: description is a bool"] = new("POST", Webhooks, With(""" "description":true"""), HttpStatusCode.BadRequest, "description"),

        // POST /api/webhooks: the body itself
        ["create: not JSON"] = new("POST", Webhooks, "url=https://crm.example.test", HttpStatusCode.BadRequest, ""),
        ["create: JSON array"] = new("POST", Webhooks, $"[{Url(ReceiverUrl)}]", HttpStatusCode.BadRequest, ""),
        ["create: JSON null"] = new("POST", Webhooks, "null", HttpStatusCode.BadRequest, null),
        ["create: empty body"] = new("POST", Webhooks, "", HttpStatusCode.BadRequest, null),
        ["create: text/plain"] = new("POST", Webhooks, Url(ReceiverUrl), HttpStatusCode.UnsupportedMediaType, null, "text/plain"),
        ["create: body over 64 KiB"] = new("POST", Webhooks, With($" \"description\":\"{new string('x', 70_000)}\""), HttpStatusCode.RequestEntityTooLarge, null),

        // PATCH /api/webhooks/{id}
        ["patch: url removed"] = new("PATCH", OneWebhook, """{"url":null}""", HttpStatusCode.UnprocessableEntity, "url"),
        ["patch: url to the metadata address"] = new("PATCH", OneWebhook, Url("https://169.254.169.254/latest"), HttpStatusCode.UnprocessableEntity, "url"),
        ["patch: status paused"] = new("PATCH", OneWebhook, """{"status":"paused"}""", HttpStatusCode.UnprocessableEntity, "status"),
        ["patch: status null"] = new("PATCH", OneWebhook, """{"status":null}""", HttpStatusCode.UnprocessableEntity, "status"),
        ["patch: status in capitals"] = new("PATCH", OneWebhook, """{"status":"Enabled"}""", HttpStatusCode.UnprocessableEntity, "status"),
        ["patch: unknown event type"] = new("PATCH", OneWebhook, """{"eventTypes":["OneTimeLinks.Link.Sold"]}""", HttpStatusCode.UnprocessableEntity, "eventTypes[0]"),
        ["patch: body a string"] = new("PATCH", OneWebhook, "\"disabled\"", HttpStatusCode.BadRequest, ""),

        // GET /api/webhooks
        ["list: pageSize 0"] = new("GET", Webhooks + "?pageSize=0", null, HttpStatusCode.UnprocessableEntity, "pageSize", null),
        ["list: pageSize 201"] = new("GET", Webhooks + "?pageSize=201", null, HttpStatusCode.UnprocessableEntity, "pageSize", null),
        ["list: pageSize not a number"] = new("GET", Webhooks + "?pageSize=ten", null, HttpStatusCode.UnprocessableEntity, "pageSize", null),
        ["list: bogus continuation"] = new("GET", Webhooks + "?continuation=bogus", null, HttpStatusCode.UnprocessableEntity, "continuation", null),
    };

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task BadInput_AnsweredWithAProblemAndTheExactFieldError_WritesNothingConnectsNowhere(string caseName)
    {
        var input = Cases[caseName];
        await using var app = await StartAsync(azurite);
        using var existing = await app.CreateWebhookAsync(new { url = ReceiverUrl, description = "unchanged" });
        var id = (await existing.AssertJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        var before = await (await app.GetWebhookAsync(id)).Content.ReadAsStringAsync();
        var rowsBefore = await app.RowsAsync();

        using var request = BadInputAssertions.RawRequest(input.Method, input.Path.Replace("{id}", id, StringComparison.Ordinal), input.Body, input.ContentType);
        using var response = await app.Management.SendAsync(request);

        await response.AssertFieldProblemAsync(input.Status, input.ErrorKey);
        Assert.Equal(rowsBefore, await app.RowsAsync());
        Assert.Equal(before, await (await app.GetWebhookAsync(id)).Content.ReadAsStringAsync());
        Assert.Empty(app.Outbound.Asked);
    }

    [Fact]
    public async Task Create_OneOverTheLimit_Is422WithItsOwnTypeAndWritesNothing()
    {
        await using var app = await StartAsync(azurite, maxSubscriptions: 1);
        using var first = await app.CreateWebhookAsync(new { url = ReceiverUrl });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var rowsBefore = await app.RowsAsync();

        using var second = await app.CreateWebhookAsync(new { url = ReceiverUrl });

        var problem = await second.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:onetimelinks:problem:webhook-limit", problem["type"]!.GetValue<string>());
        Assert.Equal([""], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(rowsBefore, await app.RowsAsync());
    }

    [Fact]
    public async Task Create_UnknownField_IsIgnoredAsEverywhereInTheApi()
    {
        await using var app = await StartAsync(azurite);

        using var response = await app.CreateWebhookAsync($$"""{"url":"{{ReceiverUrl}}","colour":"red"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
