using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneTimeLinks.LocalRunner;

namespace OneTimeLinks.Tests.LocalRunner;

/// <summary>The local runner hosting some sample function classes on a free loopback port: no app services, no storage
/// unless a test asks for it.</summary>
internal sealed class SampleRunner : IAsyncDisposable
{
    public const string FunctionKey = "sample-function-key";
    public const string MasterKey = "sample-master-key";

    public const string DefaultHostJson = """{ "version": "2.0", "extensions": { "http": { "routePrefix": "api" } } }""";

    private SampleRunner(WebApplication app, SampleRecorder recorder)
    {
        App = app;
        Recorder = recorder;
        Client = new HttpClient { BaseAddress = app.GetBaseAddress() };
    }

    public WebApplication App { get; }

    public SampleRecorder Recorder { get; }

    /// <summary>Sends no key unless a test adds one.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Builds (without starting) a runner over <paramref name="functionTypes"/>.</summary>
    public static WebApplication Build(
        Type[] functionTypes,
        SampleRecorder recorder,
        string hostJson = DefaultHostJson,
        IDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        Action<ILoggingBuilder>? logging = null)
    {
        var hostJsonPath = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");
        File.WriteAllText(hostJsonPath, hostJson);
        var options = new LocalRunnerHostOptions
        {
            Catalog = FunctionCatalog.FromTypes(functionTypes),
            HostJsonPath = hostJsonPath,
            ConfigureAppServices = (services, _) => services.AddSingleton(recorder),
        };

        var configuration = new Dictionary<string, string?>
        {
            [FunctionKeys.FunctionKeySetting] = FunctionKey,
            [FunctionKeys.MasterKeySetting] = MasterKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        return LocalRunnerHost.Build(["--urls", "http://127.0.0.1:0"], options, builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }

            logging?.Invoke(builder.Logging);
        });
    }

    public static async Task<SampleRunner> StartAsync(
        Type[] functionTypes,
        string hostJson = DefaultHostJson,
        IDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        Action<ILoggingBuilder>? logging = null)
    {
        var recorder = new SampleRecorder();
        var app = Build(functionTypes, recorder, hostJson, settings, time, logging);
        await app.StartAsync();
        return new SampleRunner(app, recorder);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Recorder.Release.Release(100);
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
