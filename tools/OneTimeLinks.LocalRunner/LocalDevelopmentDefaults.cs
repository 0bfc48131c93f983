using Microsoft.Extensions.Configuration.Memory;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// Settings a developer's own run wants and Azure must never have. Applied by <see cref="Program"/> only, not by
/// <see cref="LocalRunnerHost.Build"/>, so tests (which host the runner through Build) keep the app's real defaults.
/// They are the lowest source: appsettings.json, environment variables and arguments all override them.
/// </summary>
public static class LocalDevelopmentDefaults
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        // A webhook receiver on this machine (http://localhost:5000/hooks) can be subscribed and delivered to.
        ["Webhooks:AllowLoopbackHttp"] = "true",
    };

    public static void Apply(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ((IConfigurationBuilder)builder.Configuration).Sources.Insert(0, new MemoryConfigurationSource { InitialData = Settings });
    }
}
