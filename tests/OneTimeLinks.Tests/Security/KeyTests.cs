using System.Net.Http.Headers;
using System.Text;

namespace OneTimeLinks.Tests.Security;

/// <summary>Function keys as Azure enforces them: management routes need one (header or ?code=), public link routes do not.</summary>
public sealed class KeyTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private const string LinkId = "{linkId}";

    public static TheoryData<string, string, string?> ManagementRoutes() => new()
    {
        { "PUT", "/api/calendars/dr-smith", """{"name":"Changed","timeZone":"UTC","slotMinutes":30,"availability":{}}""" },
        { "PUT", "/api/calendars/new-cal", """{"name":"New","timeZone":"UTC","slotMinutes":30,"availability":{}}""" },
        { "GET", "/api/calendars/dr-smith", null },
        { "POST", "/api/calendars/dr-smith/links", "{}" },
        { "GET", "/api/calendars/dr-smith/links", null },
        { "GET", $"/api/calendars/dr-smith/links/{LinkId}", null },
        { "POST", $"/api/calendars/dr-smith/links/{LinkId}/revoke", null },
    };

    private static HttpRequestMessage Request(string method, string path, string? body, string linkId)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace(LinkId, linkId, StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }

    [Theory]
    [MemberData(nameof(ManagementRoutes))]
    public async Task ManagementRoute_WithoutKey_Is401ProblemAndChangesNothing(string method, string path, string? body)
    {
        var linkId = (await App.GenerateLinkAsync(CalendarId))["linkId"]!.GetValue<string>();
        var rowsBefore = await App.RowsAsync();

        using var request = Request(method, path, body, linkId);
        using var response = await App.Public.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(TestApp.FunctionKey, problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(rowsBefore, await App.RowsAsync());
    }

    [Theory]
    [MemberData(nameof(ManagementRoutes))]
    public async Task ManagementRoute_WithAWrongKey_Is401ProblemWhetherHeaderOrQuery(string method, string path, string? body)
    {
        var linkId = (await App.GenerateLinkAsync(CalendarId))["linkId"]!.GetValue<string>();
        var rowsBefore = await App.RowsAsync();

        using var header = Request(method, path, body, linkId);
        header.Headers.Add("x-functions-key", TestApp.FunctionKey + "x");
        using var headerResponse = await App.Public.SendAsync(header);
        using var query = Request(method, path + "?code=" + Uri.EscapeDataString(TestApp.FunctionKey[..^1]), body, linkId);
        using var queryResponse = await App.Public.SendAsync(query);

        await headerResponse.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await queryResponse.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(rowsBefore, await App.RowsAsync());
    }

    [Fact]
    public async Task ManagementRoutes_WithTheKeyAsCodeQuery_AreAuthorized()
    {
        var code = "?code=" + Uri.EscapeDataString(TestApp.FunctionKey);

        using var put = await App.Public.PutAsync(
            new Uri("/api/calendars/dr-smith" + code, UriKind.Relative),
            new StringContent("""{"name":"Dr. Smith","timeZone":"Europe/Berlin","slotMinutes":30,"availability":{"monday":[{"start":"09:00","end":"17:00"}]}}""", Encoding.UTF8, "application/json"));
        using var generate = await App.Public.PostAsync(new Uri($"/api/calendars/dr-smith/links{code}", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
        var linkId = (await generate.AssertJsonAsync(HttpStatusCode.Created))["linkId"]!.GetValue<string>();
        using var list = await App.Public.GetAsync(new Uri($"/api/calendars/dr-smith/links{code}&status=active", UriKind.Relative));
        using var get = await App.Public.GetAsync(new Uri($"/api/calendars/dr-smith/links/{linkId}{code}", UriKind.Relative));
        using var revoke = await App.Public.PostAsync(new Uri($"/api/calendars/dr-smith/links/{linkId}/revoke{code}", UriKind.Relative), content: null);

        await put.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(linkId, Assert.Single((await list.AssertJsonAsync(HttpStatusCode.OK))["links"]!.AsArray())!["linkId"]!.GetValue<string>());
        Assert.Equal(linkId, (await get.AssertJsonAsync(HttpStatusCode.OK))["linkId"]!.GetValue<string>());
        Assert.Equal("revoked", (await revoke.AssertJsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ManagementRoute_WithTheMasterKey_IsAuthorized()
    {

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/calendars/dr-smith");
        request.Headers.Add("x-functions-key", TestApp.MasterKey);
        using var response = await App.Public.SendAsync(request);

        await response.AssertJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PublicRoutes_WithoutAnyKey_OpenAndBook()
    {
        var url = await App.GenerateLinkUrlAsync();
        Assert.DoesNotContain(App.Public.DefaultRequestHeaders, h => h.Key.Equals("x-functions-key", StringComparison.OrdinalIgnoreCase));

        using var open = await App.OpenAsync(url);
        using var book = await App.BookJsonAsync(url, FirstSlot);

        await open.AssertJsonAsync(HttpStatusCode.OK);
        await book.AssertJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task PublicRoute_WithAWrongKey_IsStillServedBecauseTheTokenIsTheCapability()
    {
        var url = await App.GenerateLinkUrlAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, Infrastructure.Api.PathOf(url) + "?code=wrong");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await App.Public.SendAsync(request);

        await response.AssertJsonAsync(HttpStatusCode.OK);
    }
}
