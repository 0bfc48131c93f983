using Microsoft.Extensions.Configuration;
using OneTimeLinks.LocalRunner;

namespace OneTimeLinks.Tests.LocalRunner;

/// <summary>host.json as the host reads it: the file, overridden by AzureFunctionsJobHost__ app settings.</summary>
public sealed class HostJsonTests
{
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

    [Theory]
    [InlineData(Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous, null, true)]
    [InlineData(Microsoft.Azure.Functions.Worker.AuthorizationLevel.Function, null, false)]
    [InlineData(Microsoft.Azure.Functions.Worker.AuthorizationLevel.Function, "fn", true)]
    [InlineData(Microsoft.Azure.Functions.Worker.AuthorizationLevel.Function, "master", true)]
    [InlineData(Microsoft.Azure.Functions.Worker.AuthorizationLevel.Function, "fn ", false)]
    [InlineData(Microsoft.Azure.Functions.Worker.AuthorizationLevel.Admin, "fn", false)]
    [InlineData(Microsoft.Azure.Functions.Worker.AuthorizationLevel.Admin, "master", true)]
    [InlineData(Microsoft.Azure.Functions.Worker.AuthorizationLevel.System, "master", true)]
    public void Keys_FollowTheHostsAuthorizationLevels(Microsoft.Azure.Functions.Worker.AuthorizationLevel level, string? key, bool authorized) =>
        Assert.Equal(authorized, new FunctionKeys("fn", "master").IsAuthorized(level, key));
}
