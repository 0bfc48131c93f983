using System.Diagnostics;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneTimeLinks.Functions;
using OneTimeLinks.Functions.Telemetry;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// Builds the local stand-in for the Functions host. Like the host, it serves the host/worker protocol and runs the
/// unchanged worker against it: the worker is built by the app's own composition root
/// (<see cref="OneTimeLinksApp.AddOneTimeLinks"/>, what Program.cs runs), in this process, so tests can reach its services.
/// The runner's own parts are the host's: HTTP routes and keys from functions.metadata and host.json, queue and timer
/// listeners from the WebJobs SDK, and the admin API.
/// </summary>
public static class LocalRunnerHost
{
    /// <summary>Where <c>func start</c> listens; used unless urls are configured (ASPNETCORE_URLS, --urls, Kestrel:Endpoints).</summary>
    public const string DefaultUrl = "http://localhost:7071";

    public const string HostJsonPathSetting = "LocalRunner:HostJsonPath";

    /// <summary>Builds the runner for the real app (OneTimeLinks.Functions).</summary>
    /// <param name="configureHost">Runs on the runner's own builder first: settings (shared with the app, as the host
    /// passes its app settings to the worker), urls (tests use <c>--urls http://127.0.0.1:0</c>), logging.</param>
    /// <param name="configureApp">Runs on the app's builder before the app's composition root: tests replace services here.</param>
    /// <exception cref="LocalRunnerStartupException">The functions cannot be hosted as declared or configured.</exception>
    public static LocalRunnerApp Build(
        string[] args,
        Action<WebApplicationBuilder>? configureHost = null,
        Action<FunctionsApplicationBuilder>? configureApp = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(LocalRunnerHost).Assembly.GetName().Name,

            // appsettings.json is read from the runner's output folder, whatever the working directory of `dotnet run`.
            ContentRootPath = AppContext.BaseDirectory,

            // `func start` runs the app as Development (AZURE_FUNCTIONS_ENVIRONMENT); so does the runner by default.
            EnvironmentName = Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                ?? Environments.Development,
        });

        if (!HasConfiguredUrls(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        UrlLogging.Apply(builder.Logging);
        configureHost?.Invoke(builder);

        // The worker reads the app directory from the environment the host starts it with; it is where the build put
        // OneTimeLinks.Functions.dll, functions.metadata and host.json.
        var appDirectory = Path.GetDirectoryName(typeof(OneTimeLinksApp).Assembly.Location)!;
        var functions = FunctionsMetadata.Load(appDirectory);
        var hostJson = HostJson.Load(
            builder.Configuration[HostJsonPathSetting] ?? Path.Combine(appDirectory, "host.json"),
            builder.Configuration);
        ValidateRoutes(functions, hostJson);

        var services = builder.Services;
        HideFromAppTelemetry(services);
        services.AddSingleton(hostJson);
        services.AddSingleton(functions);
        services.AddSingleton(sp => FunctionKeys.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new WorkerChannel(functions, appDirectory, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<WorkerHttpForwarder>();
        services.AddSingleton<QueueOutputBinding>();
        services.AddSingleton<FunctionInvoker>();
        services.AddSingleton<TriggerListeners>();
        services.AddSingleton<DeploymentQueues>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Routing.MatcherPolicy, FunctionMethodMatcherPolicy>());

        var host = builder.Build();
        host.MapFunctionEndpoints();
        return new LocalRunnerApp(host, appDirectory, configureApp);
    }

    /// <summary>
    /// In Azure the host is another process. Here its ASP.NET Core activities would reach the app's OpenTelemetry
    /// listeners (activity sources are process-wide) and count as the app's requests, so the runner's hosts report
    /// under names the app does not listen to.
    /// </summary>
    internal static void HideFromAppTelemetry(IServiceCollection services)
    {
        services.AddSingleton(new ActivitySource("OneTimeLinks.LocalRunner"));
        services.AddSingleton(new DiagnosticListener("OneTimeLinks.LocalRunner"));
    }

    private static bool HasConfiguredUrls(ConfigurationManager configuration) =>
        !string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey]) ||
        !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey]) ||
        !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey]) ||
        configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();

    private static void ValidateRoutes(IEnumerable<FunctionMetadata> functions, HostJson hostJson)
    {
        var problems = new List<string>();
        foreach (var function in functions.Where(f => f.IsHttp))
        {
            var template = HttpFunctionEndpoints.RouteTemplate(function, hostJson);
            var segments = RoutePatternFactory.Parse(template).PathSegments;
            var first = segments.Count > 0 && segments[0].Parts.Count > 0 ? segments[0].Parts[0] : null;
            if (first is RoutePatternLiteralPart { Content: var literal } && literal.Equals("admin", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"Function '{function.Name}': the route '{template}' conflicts with the host's built-in admin routes.");
            }
        }

        if (problems.Count > 0)
        {
            throw LocalRunnerStartupException.FromProblems("The HTTP routes cannot be used:", problems);
        }
    }
}
