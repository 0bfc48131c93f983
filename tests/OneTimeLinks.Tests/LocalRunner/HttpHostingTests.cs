using System.Net;
using System.Text.Json;
using OneTimeLinks.LocalRunner;

namespace OneTimeLinks.Tests.LocalRunner;

/// <summary>HTTP hosting as the Functions host does it: keys, routes, methods, failures. Sample functions, no storage.</summary>
public sealed class HttpHostingTests : IAsyncLifetime
{
    private SampleRunner _runner = null!;

    private HttpClient Client => _runner.Client;

    public async Task InitializeAsync() => _runner = await SampleRunner.StartAsync([typeof(SampleHttpFunctions)]);

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    [Fact]
    public async Task FunctionLevel_WithoutKey_Is401ProblemDetails()
    {
        using var response = await Client.GetAsync("/api/things/t1/items");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal("Unauthorized", problem.GetProperty("title").GetString());
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains("x-functions-key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_runner.Recorder.Invocations);
    }

    [Fact]
    public async Task FunctionLevel_WithWrongKey_Is401()
    {
        using var header = await SendAsync(HttpMethod.Get, "/api/things/t1/items", "not-the-key");
        using var query = await Client.GetAsync("/api/things/t1/items?code=not-the-key");

        Assert.Equal(HttpStatusCode.Unauthorized, header.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, query.StatusCode);
        Assert.Empty(_runner.Recorder.Invocations);
    }

    [Fact]
    public async Task FunctionLevel_AcceptsTheKeyInTheHeader()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/things/t1/items", SampleRunner.FunctionKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("t1", body.GetProperty("thingId").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("itemId").ValueKind);
    }

    [Fact]
    public async Task FunctionLevel_AcceptsTheKeyAsCodeQuery()
    {
        using var response = await Client.GetAsync($"/api/things/t1/items/i9?code={SampleRunner.FunctionKey}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("i9", (await ReadJsonAsync(response)).GetProperty("itemId").GetString());
    }

    [Fact]
    public async Task FunctionLevel_AcceptsTheMasterKey()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/things/t1/items", SampleRunner.MasterKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST", (await ReadJsonAsync(response)).GetProperty("method").GetString());
    }

    [Fact]
    public async Task AdminLevel_RefusesTheFunctionKey_AndAcceptsTheMasterKey()
    {
        using var withFunctionKey = await SendAsync(HttpMethod.Get, "/api/maintenance", SampleRunner.FunctionKey);
        using var withMasterKey = await SendAsync(HttpMethod.Get, "/api/maintenance", SampleRunner.MasterKey);

        Assert.Equal(HttpStatusCode.Unauthorized, withFunctionKey.StatusCode);
        Assert.Contains("master key", (await ReadJsonAsync(withFunctionKey)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, withMasterKey.StatusCode);
    }

    [Fact]
    public async Task Anonymous_NeedsNoKey()
    {
        using var response = await Client.GetAsync("/api/open/abc");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("opened 3", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RouteParameters_BindToStringParametersByName()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/things/thing-7/items/item-8", SampleRunner.FunctionKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var invocation = Assert.IsType<HttpInvocation>(Assert.Single(_runner.Recorder.Invocations));
        Assert.Equal(new HttpInvocation("Echo", "thing-7", "item-8"), invocation);
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/things/t1/items")] // the route exists only under the prefix
    [InlineData("/api/things")]
    public async Task UnknownRoute_Is404(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path, SampleRunner.MasterKey);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The Functions host answers 404, not 405, for a method the function does not list
    /// (Azure/azure-functions-host#10098, open), and it routes before it checks keys.</summary>
    [Fact]
    public async Task MethodNotListed_Is404_AsTheFunctionsHostAnswers()
    {
        using var withKey = await SendAsync(HttpMethod.Delete, "/api/things/t1/items", SampleRunner.FunctionKey);
        using var withoutKey = await SendAsync(HttpMethod.Delete, "/api/things/t1/items", key: null);
        using var anonymous = await SendAsync(HttpMethod.Post, "/api/open/abc", key: null);

        Assert.Equal(HttpStatusCode.NotFound, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Empty(_runner.Recorder.Invocations);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    public async Task NoRouteAndNoMethods_ServesTheFunctionNameForEveryMethod(string method)
    {
        using var response = await SendAsync(new HttpMethod(method), "/api/noroute", key: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(method, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnhandledException_Is500WithAGenericProblem()
    {
        using var response = await Client.GetAsync("/api/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Sensitive", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.True(Guid.TryParse(problem.GetProperty("invocationId").GetString(), out _));
    }

    [Fact]
    public async Task AdminApi_NeedsTheMasterKey()
    {
        using var none = await SendAsync(HttpMethod.Post, "/admin/functions/Echo", key: null);
        using var functionKey = await SendAsync(HttpMethod.Post, "/admin/functions/Echo", SampleRunner.FunctionKey);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, functionKey.StatusCode);
    }

    [Fact]
    public async Task AdminApi_RefusesHttpFunctions_AndUnknownNames()
    {
        using var http = await SendAsync(HttpMethod.Post, "/admin/functions/Echo", SampleRunner.MasterKey);
        using var unknown = await SendAsync(HttpMethod.Post, "/admin/functions/NoSuchFunction", SampleRunner.MasterKey);
        using var wrongMethod = await SendAsync(HttpMethod.Get, "/admin/functions/Echo", SampleRunner.MasterKey);

        Assert.Equal(HttpStatusCode.BadRequest, http.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongMethod.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add(FunctionKeys.HeaderName, key);
        }

        return await Client.SendAsync(request);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
