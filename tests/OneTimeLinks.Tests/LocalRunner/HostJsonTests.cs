using System.Net;
using Microsoft.Extensions.Configuration;
using OneTimeLinks.LocalRunner;
using OneTimeLinks.Tests.Infrastructure;

namespace OneTimeLinks.Tests.LocalRunner;

/// <summary>host.json drives the route prefix, as it does for the Functions host (the queue settings go to the WebJobs host as they are).</summary>
public sealed class HostJsonTests
{
    [Fact]
    public async Task RoutePrefix_ComesFromHostJson()
    {
        await using var runner = await SampleRunner.StartAsync(
            [typeof(SampleHttpFunctions)],
            hostJson: """{ "version": "2.0", "extensions": { "http": { "routePrefix": "v1" } } }""");

        using var underPrefix = await runner.Client.GetAsync("/v1/open/abc");
        using var underApi = await runner.Client.GetAsync("/api/open/abc");

        Assert.Equal(HttpStatusCode.OK, underPrefix.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, underApi.StatusCode);
    }

    [Fact]
    public async Task RoutePrefix_CanBeEmpty()
    {
        await using var runner = await SampleRunner.StartAsync(
            [typeof(SampleHttpFunctions)],
            hostJson: """{ "version": "2.0", "extensions": { "http": { "routePrefix": "" } } }""");

        using var response = await runner.Client.GetAsync("/open/abc");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RoutePrefix_DefaultsToApi()
    {
        await using var runner = await SampleRunner.StartAsync([typeof(SampleHttpFunctions)], hostJson: """{ "version": "2.0" }""");

        using var response = await runner.Client.GetAsync("/api/open/abc");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void AppSettings_OverrideHostJson_LikeTheHostsAzureFunctionsJobHostSettings()
    {
        var appSettings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:http:routePrefix"] = "override",
        }).Build();

        var hostJson = HostJson.Load(Path.Combine(RepositoryPaths.Root, "OneTimeLinks.Functions", "host.json"), appSettings);

        Assert.Equal("override", hostJson.RoutePrefix);
    }

    [Fact]
    public void TheRepositorysHostJson_Loads()
    {
        var hostJson = HostJson.Load(Path.Combine(RepositoryPaths.Root, "OneTimeLinks.Functions", "host.json"), new ConfigurationBuilder().Build());

        Assert.Equal("api", hostJson.RoutePrefix);
        Assert.Contains(hostJson.AsJobHostSettings(), s => s is { Key: "AzureFunctionsJobHost:extensions:queues:maxDequeueCount", Value: "5" });
    }
}
