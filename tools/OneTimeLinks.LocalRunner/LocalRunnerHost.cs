using Microsoft.Azure.WebJobs;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// Builds the local stand-in for the Functions host: an ASP.NET Core <see cref="WebApplication"/> (Kestrel) that hosts
/// the unchanged function classes. HTTP functions are mapped from their attributes under host.json's route prefix, timer
/// functions fire on their schedules, queue functions consume their queues, and the app's services come from the same
/// registration method the Functions Program.cs calls.
/// </summary>
public static class LocalRunnerHost
{
    /// <summary>Where <c>func start</c> listens; used unless urls are configured (ASPNETCORE_URLS, --urls, Kestrel:Endpoints).</summary>
    public const string DefaultUrl = "http://localhost:7071";

    public const string HostJsonPathSetting = "LocalRunner:HostJsonPath";

    /// <summary>
    /// Logging categories that would write request URLs (paths and query strings), with the most they may log. Public
    /// link URLs carry a secret token (<c>/api/l/{token}</c>) and keys travel as <c>?code=</c>, so these limits apply
    /// whatever the configuration says.
    /// </summary>
    public static IReadOnlyDictionary<string, LogLevel> UrlLoggingCategories { get; } = new Dictionary<string, LogLevel>
    {
        // "Request starting HTTP/1.1 GET http://host/api/l/<token>", and, while this category is enabled at all, a log
        // scope holding RequestPath around every log line of the request (visible with IncludeScopes). Off entirely.
        ["Microsoft.AspNetCore.Hosting.Diagnostics"] = LogLevel.None,
        ["Microsoft.AspNetCore.Routing"] = LogLevel.Warning,        // "No candidates found for the request path '...'"
        ["Microsoft.AspNetCore.HttpLogging"] = LogLevel.None,       // if anyone adds HTTP logging
        ["Microsoft.AspNetCore.Server.Kestrel"] = LogLevel.Warning, // bad-request logs can echo the request target
        ["Microsoft.AspNetCore.Http.Result"] = LogLevel.Warning,    // redirect results log their target URL
        ["System.Net.Http.HttpClient"] = LogLevel.Warning,          // outgoing request URLs
    };

    /// <summary>Builds the runner for the real app (OneTimeLinks.Functions and its service registration).</summary>
    /// <param name="configure">Runs before the runner's and the app's services are added: add configuration, set urls
    /// (tests use <c>builder.WebHost.UseUrls("http://127.0.0.1:0")</c>), replace services.</param>
    /// <exception cref="LocalRunnerStartupException">The functions cannot be hosted as declared or configured.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        Build(args, new LocalRunnerHostOptions(), configure);

    /// <summary>Builds the runner for the functions and services <paramref name="options"/> name.</summary>
    /// <exception cref="LocalRunnerStartupException">The functions cannot be hosted as declared or configured.</exception>
    public static WebApplication Build(string[] args, LocalRunnerHostOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(options);
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

        foreach (var (category, level) in UrlLoggingCategories)
        {
            builder.Logging.AddFilter(category, level);
        }

        configure?.Invoke(builder);

        var catalog = options.Catalog ?? FunctionCatalog.FromAssembly(options.FunctionsAssembly);
        if (options.FunctionFilter is { } filter)
        {
            catalog = catalog.Where(filter);
        }

        var hostJson = HostJson.Load(
            options.HostJsonPath ?? builder.Configuration[HostJsonPathSetting] ?? Path.Combine(AppContext.BaseDirectory, "host.json"),
            builder.Configuration);
        ValidateRoutes(catalog, hostJson);

        var services = builder.Services;
        services.AddSingleton(catalog);
        services.AddSingleton(hostJson);
        services.AddSingleton(options);
        services.AddSingleton(sp => FunctionKeys.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new FunctionInvoker(sp.GetRequiredService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.AspNetCore.Routing.MatcherPolicy, FunctionMethodMatcherPolicy>());
        services.AddSingleton(sp => new TriggerListeners(
            sp.GetRequiredService<FunctionCatalog>(),
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<HostJson>(),
            sp.GetRequiredService<FunctionInvoker>(),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<TriggerListeners>());

        options.ConfigureAppServices?.Invoke(services, builder.Configuration);

        var app = builder.Build();

        // Fail at build time, not at the first request: every function class can be constructed from the registered services.
        ValidateConstructors(catalog, app.Services);

        app.MapFunctionEndpoints();
        return app;
    }

    /// <summary>The address a started runner listens on (with port 0, the port Kestrel picked).</summary>
    public static Uri GetBaseAddress(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException("The runner has no address yet; start it first.");
        var uri = new UriBuilder(address);
        if (uri.Host is "[::]" or "0.0.0.0" or "+" or "*")
        {
            uri.Host = "localhost";
        }

        return uri.Uri;
    }

    /// <summary>What <c>func start</c> prints: the base URL, the dev keys and every function with its trigger.</summary>
    public static IReadOnlyList<string> DescribeFunctions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var services = app.Services;
        var catalog = services.GetRequiredService<FunctionCatalog>();
        var hostJson = services.GetRequiredService<HostJson>();
        var keys = services.GetRequiredService<FunctionKeys>();
        var names = services.GetRequiredService<TriggerListeners>().NameResolver;
        var baseUrl = app.GetBaseAddress().ToString().TrimEnd('/');
        var lines = new List<string>
        {
            "OneTimeLinks local runner (stands in for `func start`; the Functions host cannot run here).",
            $"Base URL:     {baseUrl}",
            $"Function key: {(keys.IsDefaultFunctionKey ? keys.FunctionKey : $"(set by {FunctionKeys.FunctionKeySetting})")}   send as header '{FunctionKeys.HeaderName}' or query '?{FunctionKeys.QueryName}='",
            $"Master key:   {(keys.IsDefaultMasterKey ? keys.MasterKey : $"(set by {FunctionKeys.MasterKeySetting})")}   for Admin-level functions and the admin API",
            "",
            "Functions:",
        };

        foreach (var function in catalog.Functions)
        {
            lines.Add(function.TriggerKind switch
            {
                FunctionTriggerKind.Http =>
                    $"    {function.Name}: [{(function.Http!.Methods.Count == 0 ? "ALL" : string.Join(",", function.Http.Methods))}] {baseUrl}/{function.Http.GetFullRouteTemplate(hostJson.RoutePrefix)}  (auth: {function.Http.AuthLevel})",
                FunctionTriggerKind.Timer =>
                    $"    {function.Name}: timerTrigger, schedule '{Resolve(names, function.Timer!.Schedule)}'{FromSetting(function.Timer!.Schedule)}{(function.Timer.RunOnStartup ? ", runs on startup" : "")}",
                _ => $"    {function.Name}: queueTrigger on '{Resolve(names, function.Queue!.QueueName)}'{FromSetting(function.Queue!.QueueName)}, connection {function.Queue.ConnectionSettingName}",
            });
        }

        if (catalog.Functions.Count == 0)
        {
            lines.Add("    (none)");
        }

        lines.Add("");
        lines.Add($"Run a timer or queue function now: POST {baseUrl}/admin/functions/{{name}} with the master key (queue functions: body {{\"input\": \"<message>\"}}).");
        return lines;
    }

    private static string Resolve(INameResolver? names, string declared) =>
        names is not null && declared.Length > 2 && declared[0] == '%' && declared[^1] == '%'
            ? names.Resolve(declared[1..^1]) ?? declared
            : declared;

    private static string FromSetting(string declared) =>
        declared.Contains('%', StringComparison.Ordinal) ? $" (from {declared})" : "";

    private static bool HasConfiguredUrls(ConfigurationManager configuration) =>
        !string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey]) ||
        !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey]) ||
        !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey]) ||
        configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();

    private static void ValidateRoutes(FunctionCatalog catalog, HostJson hostJson)
    {
        var problems = new List<string>();
        foreach (var function in catalog.Functions.Where(f => f.Http is not null))
        {
            var template = function.Http!.GetFullRouteTemplate(hostJson.RoutePrefix);
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

    private static void ValidateConstructors(FunctionCatalog catalog, IServiceProvider services)
    {
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        var problems = new List<string>();
        foreach (var type in catalog.Functions.Where(f => !f.Method.IsStatic).Select(f => f.FunctionType).Distinct())
        {
            var constructors = type.GetConstructors();
            if (constructors.Length == 0)
            {
                problems.Add($"{type.FullName} has no public constructor.");
                continue;
            }

            if (constructors.Any(c => c.GetParameters().All(p => p.HasDefaultValue || isService.IsService(p.ParameterType))))
            {
                continue;
            }

            var widest = constructors.MaxBy(c => c.GetParameters().Length)!;
            var missing = widest.GetParameters().Where(p => !p.HasDefaultValue && !isService.IsService(p.ParameterType)).Select(p => $"{p.ParameterType.Name} {p.Name}");
            problems.Add($"{type.FullName}: no service is registered for constructor parameter(s) {string.Join(", ", missing)}.");
        }

        if (problems.Count > 0)
        {
            throw LocalRunnerStartupException.FromProblems("The function classes cannot be constructed from the registered services:", problems);
        }
    }
}
