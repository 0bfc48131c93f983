using Microsoft.AspNetCore.Builder;
using OneTimeLinks.LocalRunner;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>Loopback http for webhooks: on for a developer's local run, off in tests (which build the runner without these defaults).</summary>
public sealed class SubscriptionLocalDefaultsTests
{
    [Fact]
    public void LocalRunnerDefaults_NothingElseSet_AllowLoopbackHttp()
    {
        var builder = WebApplication.CreateBuilder([]);

        LocalDevelopmentDefaults.Apply(builder);

        Assert.Equal("true", builder.Configuration["Webhooks:AllowLoopbackHttp"]);
    }

    [Fact]
    public void LocalRunnerDefaults_AnArgumentSaysFalse_TheArgumentWins()
    {
        var builder = WebApplication.CreateBuilder(["--Webhooks:AllowLoopbackHttp=false"]);

        LocalDevelopmentDefaults.Apply(builder);

        Assert.Equal("false", builder.Configuration["Webhooks:AllowLoopbackHttp"]);
    }

    [Fact]
    public void LocalRunnerProgram_AppliesTheDefaults_TheRunnerLibraryDoesNot()
    {
        var program = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tools", "OneTimeLinks.LocalRunner", "Program.cs"));
        var settings = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "OneTimeLinks.Functions", "local.settings.example.json"));

        Assert.Contains("LocalRunnerHost.Build(args, LocalDevelopmentDefaults.Apply)", program, StringComparison.Ordinal);
        Assert.Contains("\"Webhooks__AllowLoopbackHttp\": \"true\"", settings, StringComparison.Ordinal);
    }
}
