using Microsoft.Azure.Functions.Worker;
using OneTimeLinks.LocalRunner;

namespace OneTimeLinks.Tests.LocalRunner;

/// <summary>Mistakes fail the start with a clear message instead of the first request or trigger.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public void Build_FailsWhenAFunctionClassNeedsAnUnregisteredService()
    {
        var ex = Assert.Throws<LocalRunnerStartupException>(() => SampleRunner.Build([typeof(NeedsMissingServiceFunctions)], new SampleRecorder()));

        Assert.Contains(nameof(NeedsMissingServiceFunctions.Unregistered), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AuthorizationLevel.Anonymous, null, true)]
    [InlineData(AuthorizationLevel.Function, null, false)]
    [InlineData(AuthorizationLevel.Function, "fn", true)]
    [InlineData(AuthorizationLevel.Function, "master", true)]
    [InlineData(AuthorizationLevel.Function, "fn ", false)]
    [InlineData(AuthorizationLevel.Admin, "fn", false)]
    [InlineData(AuthorizationLevel.Admin, "master", true)]
    [InlineData(AuthorizationLevel.System, "master", true)]
    public void Keys_FollowTheHostsAuthorizationLevels(AuthorizationLevel level, string? key, bool authorized) =>
        Assert.Equal(authorized, new FunctionKeys("fn", "master").IsAuthorized(level, key));
}
