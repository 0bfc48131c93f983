using Microsoft.Extensions.Configuration;
using OneTimeLinks.Functions.Hosting;
using OneTimeLinks.LocalRunner;

namespace OneTimeLinks.Tests.Hosting;

/// <summary>The host's conventions Core is told about agree with what the host is actually given.</summary>
public sealed class HostConventionsTests
{
    [Fact]
    public void RoutePrefix_IsHostJsons()
    {
        var hostJson = HostJson.Load(Path.Combine(RepositoryPaths.Root, "OneTimeLinks.Functions", "host.json"), new ConfigurationBuilder().Build());

        Assert.Equal(HostConventions.RoutePrefix, hostJson.RoutePrefix);
    }

    [Theory]
    [InlineData("OpenLink", HostConventions.LinkRouteSegment)]
    [InlineData("BookLink", HostConventions.LinkRouteSegment)]
    [InlineData("OpenManage", HostConventions.ManageRouteSegment)]
    [InlineData("CancelManagedBooking", HostConventions.ManageRouteSegment)]
    public void PageRoutes_StartWithTheirSegment(string function, string segment)
    {
        var route = FunctionsMetadata.Load(AppContext.BaseDirectory).Single(f => f.Name == function).Route;

        Assert.StartsWith(segment + "/{token}", route, StringComparison.Ordinal);
    }
}
