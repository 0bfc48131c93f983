using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.Functions.Worker.Builder;
using OneTimeLinks.Functions;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// A started runner is three hosts in one process, as in Azure it is a host process and a worker process: the public
/// HTTP front (routes, keys, admin API), the host/worker protocol server (HTTP/2 on a loopback port), and the worker
/// itself, built by the app's composition root. Start order is the deployment's, then the host's: the queues triggers
/// read (as Bicep creates them), protocol server, worker (it connects and loads every function), trigger listeners,
/// then the public front.
/// </summary>
public sealed class LocalRunnerApp : IAsyncDisposable
{
    /// <summary>How long the worker may take to connect and load the functions.</summary>
    private static readonly TimeSpan WorkerStartTimeout = TimeSpan.FromSeconds(60);

    private readonly WebApplication _host;
    private readonly string _appDirectory;
    private readonly Action<FunctionsApplicationBuilder>? _configureApp;
    private WebApplication? _protocolServer;
    private IHost? _worker;

    internal LocalRunnerApp(WebApplication host, string appDirectory, Action<FunctionsApplicationBuilder>? configureApp)
    {
        _host = host;
        _appDirectory = appDirectory;
        _configureApp = configureApp;
    }

    /// <summary>The app's services (the worker's container), once started.</summary>
    public IServiceProvider Services => (_worker ?? throw new InvalidOperationException("Start the runner first.")).Services;

    /// <summary>The runner's own services (keys, host.json, the protocol channel).</summary>
    public IServiceProvider HostServices => _host.Services;

    /// <summary>The public address (with port 0, the port Kestrel picked).</summary>
    public Uri BaseAddress => AddressOf(_host.Services);

    /// <exception cref="LocalRunnerStartupException">The deployment's queues cannot be created.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        // What the deployment does before the host starts: the queues the app is fed through exist.
        await _host.Services.GetRequiredService<DeploymentQueues>().CreateAsync(cancellationToken).ConfigureAwait(false);

        var channel = _host.Services.GetRequiredService<WorkerChannel>();
        _protocolServer = BuildProtocolServer(channel);
        await _protocolServer.StartAsync(cancellationToken).ConfigureAwait(false);

        _worker = BuildWorker(AddressOf(_protocolServer.Services));
        await _worker.StartAsync(cancellationToken).ConfigureAwait(false);
        await channel.Loaded.WaitAsync(WorkerStartTimeout, cancellationToken).ConfigureAwait(false);
        _host.Services.GetRequiredService<WorkerHttpForwarder>().WorkerAddress = AddressOf(_worker.Services);

        await _host.Services.GetRequiredService<TriggerListeners>().StartAsync(cancellationToken).ConfigureAwait(false);
        await _host.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _host.StopAsync(cancellationToken).ConfigureAwait(false);
        await _host.Services.GetRequiredService<TriggerListeners>().StopAsync(cancellationToken).ConfigureAwait(false);
        if (_worker is not null)
        {
            await _worker.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        _host.Services.GetRequiredService<WorkerChannel>().Stop();
        if (_protocolServer is not null)
        {
            await _protocolServer.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _host.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync().ConfigureAwait(false);
        _worker?.Dispose();
        if (_protocolServer is not null)
        {
            await _protocolServer.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>What <c>func start</c> prints: the base URL, the dev keys and every function with its trigger.</summary>
    public IReadOnlyList<string> DescribeFunctions()
    {
        var services = _host.Services;
        var hostJson = services.GetRequiredService<HostJson>();
        var keys = services.GetRequiredService<FunctionKeys>();
        var settings = services.GetRequiredService<IConfiguration>();
        var baseUrl = BaseAddress.ToString().TrimEnd('/');
        var lines = new List<string>
        {
            "OneTimeLinks local runner (stands in for `func start`; the Functions host cannot run here).",
            $"Base URL:     {baseUrl}",
            $"Function key: {(keys.IsDefaultFunctionKey ? keys.FunctionKey : $"(set by {FunctionKeys.FunctionKeySetting})")}   send as header '{FunctionKeys.HeaderName}' or query '?{FunctionKeys.QueryName}='",
            $"Master key:   {(keys.IsDefaultMasterKey ? keys.MasterKey : $"(set by {FunctionKeys.MasterKeySetting})")}   for Admin-level functions and the admin API",
            "",
            "Functions:",
        };

        foreach (var function in services.GetRequiredService<WorkerChannel>().Functions)
        {
            lines.Add(function.TriggerType switch
            {
                FunctionMetadata.HttpTrigger =>
                    $"    {function.Name}: [{(function.Methods.Count == 0 ? "ALL" : string.Join(",", function.Methods))}] {baseUrl}/{HttpFunctionEndpoints.RouteTemplate(function, hostJson)}  (auth: {function.AuthLevel})",
                FunctionMetadata.TimerTrigger =>
                    $"    {function.Name}: timerTrigger, schedule '{Resolve(settings, function.Schedule)}'{FromSetting(function.Schedule)}{(function.RunOnStartup ? ", runs on startup" : "")}",
                _ => $"    {function.Name}: {function.TriggerType} on '{Resolve(settings, function.QueueName)}'{FromSetting(function.QueueName)}, connection {function.Connection}",
            });
        }

        lines.Add("");
        lines.Add($"Run a timer or queue function now: POST {baseUrl}/admin/functions/{{name}} with the master key (queue functions: body {{\"input\": \"<message>\"}}).");
        return lines;
    }

    private static string Resolve(IConfiguration settings, string? declared) =>
        declared is null ? "" : FunctionMetadata.Resolve(declared, settings) ?? declared;

    private static string FromSetting(string? declared) =>
        declared?.Contains('%', StringComparison.Ordinal) == true ? $" (from {declared})" : "";

    /// <summary>The protocol server: HTTP/2 without TLS on a loopback port, as the host serves its workers.</summary>
    private static WebApplication BuildProtocolServer(WorkerChannel channel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        LocalRunnerHost.HideFromAppTelemetry(builder.Services);
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = null);
        builder.Services.AddSingleton(channel);
        var server = builder.Build();
        server.MapGrpcService<WorkerChannel>();
        return server;
    }

    /// <summary>
    /// The worker as Program.cs builds it, with what the host gives a worker it starts: the app settings, the protocol
    /// endpoint and ids, and the app directory. Its Kestrel listens on a free loopback port (the worker would otherwise
    /// take one port per process, which several runners in one test process cannot share).
    /// </summary>
    private IHost BuildWorker(Uri protocolEndpoint)
    {
        // What the host sets in its worker's environment: the app directory, and its own environment name (Development
        // under `func start`), which the worker's builder reads from AZURE_FUNCTIONS_ENVIRONMENT.
        Environment.SetEnvironmentVariable("FUNCTIONS_APPLICATION_DIRECTORY", _appDirectory);
        Environment.SetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT", _host.Environment.EnvironmentName);
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddConfiguration(_host.Services.GetRequiredService<IConfiguration>());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Functions:Worker:HostEndpoint"] = protocolEndpoint.ToString(),
            ["Functions:Worker:WorkerId"] = Guid.NewGuid().ToString(),
            ["Functions:Worker:RequestId"] = Guid.NewGuid().ToString(),
            ["Functions:Worker:GrpcMaxMessageLength"] = int.MaxValue.ToString(CultureInfo.InvariantCulture),
        });
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _configureApp?.Invoke(builder);
        builder.AddOneTimeLinks();

        // Kestrel warns that the endpoint above overrides the worker's own URL: the runner's doing, not the app's.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error);
        return builder.Build();
    }

    private static Uri AddressOf(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException("The server has no address yet; start it first.");
        var uri = new UriBuilder(address);
        if (uri.Host is "[::]" or "0.0.0.0" or "+" or "*")
        {
            uri.Host = "localhost";
        }

        return uri.Uri;
    }
}
