using System.Net;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using OneTimeLinks.LocalRunner;
using OneTimeLinks.Tests.Infrastructure;

namespace OneTimeLinks.Tests.LocalRunner;

/// <summary>host.json drives the route prefix and the queue trigger's behaviour, as it does for the Functions host.</summary>
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
    public void Parse_ReadsQueueSettings_AndKeepsTheExtensionDefaultsForTheRest()
    {
        var hostJson = HostJson.Parse("""
            {
              // host.json may carry comments
              "version": "2.0",
              "extensions": { "queues": { "maxDequeueCount": 3, "visibilityTimeout": "00:00:07", "messageEncoding": "none" } }
            }
            """);

        Assert.Equal("api", hostJson.RoutePrefix);
        Assert.Equal(3, hostJson.Queues.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(7), hostJson.Queues.VisibilityTimeout);
        Assert.Equal(QueueMessageEncoding.None, hostJson.Queues.MessageEncoding);
        Assert.Equal(16, hostJson.Queues.BatchSize);
        Assert.Equal(TimeSpan.FromMinutes(1), hostJson.Queues.MaxPollingInterval);
    }

    [Fact]
    public void AppSettings_OverrideHostJson_LikeTheHostsAzureFunctionsJobHostSettings()
    {
        var appSettings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:http:routePrefix"] = "override",
            ["AzureFunctionsJobHost:extensions:queues:batchSize"] = "4",
        }).Build();

        var hostJson = HostJson.Parse("""{ "version": "2.0", "extensions": { "http": { "routePrefix": "api" } } }""", appSettings);

        Assert.Equal("override", hostJson.RoutePrefix);
        Assert.Equal(4, hostJson.Queues.BatchSize);
    }

    [Fact]
    public void InvalidQueueSettings_FailWithEveryProblemListed()
    {
        var ex = Assert.Throws<LocalRunnerStartupException>(() => HostJson.Parse(
            """{ "version": "2.0", "extensions": { "queues": { "batchSize": 64, "maxPollingInterval": "soon" } } }"""));

        Assert.Contains("batchSize", ex.Message, StringComparison.Ordinal);
        Assert.Contains("maxPollingInterval", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRepositorysHostJson_Loads()
    {
        var hostJson = HostJson.Load(Path.Combine(RepositoryPaths.Root, "OneTimeLinks.Functions", "host.json"));

        Assert.Equal("api", hostJson.RoutePrefix);
        Assert.Equal(QueueMessageEncoding.Base64, hostJson.Queues.MessageEncoding);
    }
}
