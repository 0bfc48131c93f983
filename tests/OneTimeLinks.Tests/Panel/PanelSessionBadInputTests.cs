namespace OneTimeLinks.Tests.Panel;

/// <summary>
/// Bad input on the session routes, as Webhooks/WebhookBadInputTests does: each case names the status, the RFC 9457
/// problem and the exact field key in its <c>errors</c> (or that there is none), and proves that nothing was written.
/// </summary>
public sealed class PanelSessionBadInputTests(AzuriteFixture azurite)
    : BadInputTable<PanelSessionBadInputTests, PanelSessionBadInputTests.BadInput>(floor: 15), IBadInputTable<PanelSessionBadInputTests.BadInput>, IClassFixture<AzuriteFixture>
{
    private const string Sessions = "/api/calendars/dr-smith/panel-sessions";
    private const string Json = "application/json";

    /// <param name="ErrorKey">The one key expected in the problem's <c>errors</c>; null when the problem has no field errors.</param>
    public sealed record BadInput(string Body, HttpStatusCode Status, string? ErrorKey, string? ContentType = Json);

    private static BadInput Field(string json, string key) => new(json, HttpStatusCode.UnprocessableEntity, key);

    public static IReadOnlyDictionary<string, BadInput> Cases { get; } = new Dictionary<string, BadInput>
    {
        ["lifetime 4 minutes"] = Field("""{"lifetimeMinutes":4}""", "lifetimeMinutes"),
        ["lifetime 481 minutes"] = Field("""{"lifetimeMinutes":481}""", "lifetimeMinutes"),
        ["lifetime 0"] = Field("""{"lifetimeMinutes":0}""", "lifetimeMinutes"),
        ["lifetime negative"] = Field("""{"lifetimeMinutes":-60}""", "lifetimeMinutes"),
        ["lifetime a string"] = new("""{"lifetimeMinutes":"60"}""", HttpStatusCode.BadRequest, "lifetimeMinutes"),
        ["lifetime a fraction"] = new("""{"lifetimeMinutes":60.5}""", HttpStatusCode.BadRequest, "lifetimeMinutes"),
        ["language unsupported"] = Field("""{"language":"it"}""", "language"),
        ["language in capitals"] = Field("""{"language":"DE"}""", "language"),
        ["language a region tag"] = Field("""{"language":"de-DE"}""", "language"),
        ["origin with a path"] = Field("""{"allowedOrigins":["https://crm.example.com/app"]}""", "allowedOrigins[0]"),
        ["origin with a trailing slash"] = Field("""{"allowedOrigins":["https://crm.example.com/"]}""", "allowedOrigins[0]"),
        ["origin plain http"] = Field("""{"allowedOrigins":["http://crm.example.com"]}""", "allowedOrigins[0]"),
        ["origin a wildcard"] = Field("""{"allowedOrigins":["https://*.example.com"]}""", "allowedOrigins[0]"),
        ["origin with a CSP directive"] = Field("""{"allowedOrigins":["https://a.example.com; script-src *"]}""", "allowedOrigins[0]"),
        ["origin with credentials"] = Field("""{"allowedOrigins":["https://u:p@crm.example.com"]}""", "allowedOrigins[0]"),
        ["origin a bare host"] = Field("""{"allowedOrigins":["https://crm.example.com","crm.example.com"]}""", "allowedOrigins[1]"),
        ["origin null"] = Field("""{"allowedOrigins":[null]}""", "allowedOrigins[0]"),
        ["origin in capitals"] = Field("""{"allowedOrigins":["https://CRM.example.com"]}""", "allowedOrigins[0]"),
        ["origin listed twice"] = Field("""{"allowedOrigins":["https://crm.example.com","https://crm.example.com"]}""", "allowedOrigins"),
        ["11 origins"] = Field($$"""{"allowedOrigins":[{{string.Join(",", Enumerable.Range(0, 11).Select(i => $"\"https://c{i}.example.com\""))}}]}""", "allowedOrigins"),
        ["origins a string"] = new("""{"allowedOrigins":"https://crm.example.com"}""", HttpStatusCode.BadRequest, "allowedOrigins"),
        ["actor name of 201 characters"] = Field($$$"""{"actor":{"id":"u1","name":"{{{new string('n', 201)}}}"}}""", "actor.name"),
        ["actor id with a control character"] = Field("""{"actor":{"id":"u\u00071"}}""", "actor.id"),
        ["actor a string"] = new("""{"actor":"Dana"}""", HttpStatusCode.BadRequest, "actor"),
        ["returnUrl relative"] = Field("""{"returnUrl":"/calendars/7"}""", "returnUrl"),
        ["returnUrl javascript"] = Field("""{"returnUrl":"javascript:alert(1)"}""", "returnUrl"),
        ["returnUrl plain http"] = Field("""{"returnUrl":"http://crm.example.com/x"}""", "returnUrl"),
        ["returnUrl with credentials"] = Field("""{"returnUrl":"https://u:p@crm.example.com/x"}""", "returnUrl"),
        ["returnUrl with a space"] = Field("""{"returnUrl":"https://crm.example.com/a b"}""", "returnUrl"),
        ["returnUrl empty"] = Field("""{"returnUrl":""}""", "returnUrl"),
        ["returnUrl of 2,001 characters"] = Field($$"""{"returnUrl":"https://crm.example.com/{{new string('a', 1978)}}"}""", "returnUrl"),
        ["not JSON"] = new("lifetimeMinutes=60", HttpStatusCode.BadRequest, ""),
        ["JSON array"] = new("[]", HttpStatusCode.BadRequest, ""),
        ["text/plain"] = new("""{"lifetimeMinutes":60}""", HttpStatusCode.UnsupportedMediaType, null, "text/plain"),
        ["body over 64 KiB"] = new($$"""{"returnUrl":"{{new string('x', 70_000)}}"}""", HttpStatusCode.RequestEntityTooLarge, null),
    };

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task BadInput_AnsweredWithAProblemAndTheExactFieldError_WritesNothing(string caseName)
    {
        var input = Cases[caseName];
        await using var app = await StartWithCalendarAsync(azurite);
        var rowsBefore = await app.RowsAsync();

        using var request = BadInputAssertions.RawRequest("POST", Sessions, input.Body, input.ContentType);
        using var response = await app.Management.SendAsync(request);

        await response.AssertFieldProblemAsync(input.Status, input.ErrorKey);
        Assert.Equal(rowsBefore, await app.RowsAsync());
    }
}
