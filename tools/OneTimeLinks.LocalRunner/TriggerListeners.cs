using System.Runtime.ExceptionServices;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkerTimerInfo = Microsoft.Azure.Functions.Worker.TimerInfo;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// Runs the queue and timer triggers on the Functions host's own listener libraries: a WebJobs SDK host with the
/// storage-queue and timer extensions, configured from host.json and app settings exactly as the Functions host does
/// (<c>AzureFunctionsJobHost</c> section, <c>AzureFunctionsJobHost__extensions__queues__*</c> overrides). Polling, dequeue
/// counts, visibility, backoff, poison queues and schedules are theirs; this class only hands each trigger to the function.
/// </summary>
internal sealed class TriggerListeners(
    FunctionCatalog catalog,
    IConfiguration configuration,
    HostJson hostJson,
    FunctionInvoker invoker,
    IServiceScopeFactory scopes,
    ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    private IHost? _host;

    public INameResolver? NameResolver => _host?.Services.GetRequiredService<INameResolver>();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var functions = catalog.Functions.Where(f => f.TriggerKind != FunctionTriggerKind.Http).ToList();
        if (functions.Count == 0)
        {
            return;
        }

        var target = TriggerMethods.Emit(functions);
        _host = new HostBuilder()
            .ConfigureLogging(logging => logging.ClearProviders().AddProvider(new ForwardingLoggerProvider(loggerFactory)))
            .ConfigureWebJobs(webJobs => webJobs.AddAzureStorageQueues().AddTimers())
            // After ConfigureWebJobs, which adds appsettings.json and environment variables of its own: the runner's
            // configuration is the only one (it has both already, and the tests' settings), under host.json's values.
            .ConfigureAppConfiguration(builder =>
            {
                builder.Sources.Clear();
                builder.AddInMemoryCollection(hostJson.AsJobHostSettings())
                    .AddConfiguration(configuration)
                    .AddInMemoryCollection([KeyValuePair.Create<string, string?>("AzureWebJobsConfigurationSection", HostJson.Section)]);
            })
            .ConfigureServices(services => services
                .AddSingleton<ITypeLocator>(new SingleTypeLocator(target))
                .AddSingleton<IJobActivator>(new Activator(DispatchAsync))
                .AddSingleton<ScheduleMonitor, NoScheduleMonitor>())
            .Build();
        await _host.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_host is not null)
        {
            await _host.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _host?.Dispose();

    /// <summary>The host's "run now" (admin API): the SDK's own call path, so a queue function gets a message built from <paramref name="input"/>.</summary>
    public Task CallAsync(FunctionDescriptor function, string? input, CancellationToken cancellationToken) =>
        (_host ?? throw new InvalidOperationException("The trigger listeners are not running."))
            .Services.GetRequiredService<IJobHost>()
            .CallAsync(function.Name, new Dictionary<string, object?> { [function.TriggerParameterName] = input }, cancellationToken);

    private async Task DispatchAsync(string functionName, object trigger, CancellationToken cancellationToken)
    {
        var function = catalog.Find(functionName) ?? throw new InvalidOperationException($"No function '{functionName}'.");
        var bindings = trigger switch
        {
            QueueMessage message => new InvocationBindings(ToFunctionTrigger(function, message), name => QueueMetadata(name, message), cancellationToken),
            TimerInfo timer => new InvocationBindings(
                new WorkerTimerInfo
                {
                    IsPastDue = timer.IsPastDue,
                    ScheduleStatus = timer.ScheduleStatus is { } status
                        ? new Microsoft.Azure.Functions.Worker.ScheduleStatus { Last = status.Last, Next = status.Next, LastUpdated = status.LastUpdated }
                        : null,
                },
                _ => null,
                cancellationToken),
            _ => throw new InvalidOperationException($"Unexpected trigger value {trigger.GetType()}."),
        };

        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var outcome = await invoker.InvokeAsync(function, scope.ServiceProvider, bindings, "WebJobs trigger").ConfigureAwait(false);
            if (outcome.Exception is { } failure)
            {
                // The listener decides what a failure means (retry after visibilityTimeout, poison after maxDequeueCount).
                ExceptionDispatchInfo.Throw(failure);
            }
        }
    }

    private static object ToFunctionTrigger(FunctionDescriptor function, QueueMessage message)
    {
        var type = function.Parameters.Single(p => p.Kind == FunctionParameterKind.Trigger).Type;
        return type == typeof(string) ? message.Body.ToString()
            : type == typeof(byte[]) ? message.Body.ToArray()
            : type == typeof(BinaryData) ? message.Body
            : message;
    }

    /// <summary>The queue trigger's binding data, bindable by parameter name.</summary>
    private static object? QueueMetadata(string name, QueueMessage message) => name.ToUpperInvariant() switch
    {
        "DEQUEUECOUNT" => message.DequeueCount,
        "ID" => message.MessageId,
        "POPRECEIPT" => message.PopReceipt,
        "QUEUETRIGGER" => message.Body.ToString(),
        "INSERTIONTIME" => message.InsertedOn,
        "EXPIRATIONTIME" => message.ExpiresOn,
        "NEXTVISIBLETIME" => message.NextVisibleOn,
        _ => null,
    };

    private sealed class SingleTypeLocator(Type type) : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => [type];
    }

    private sealed class Activator(Func<string, object, CancellationToken, Task> dispatch) : IJobActivator
    {
        public T CreateInstance<T>()
        {
            var instance = System.Activator.CreateInstance<T>();
            ((TriggerTarget)(object)instance!).Dispatch = dispatch;
            return instance;
        }
    }

    /// <summary>
    /// The timer extension's default monitor keeps each schedule's last run in blob storage so that a fleet of instances
    /// can catch up missed runs. The emitted timers set UseMonitor = false, so it is never consulted; this stands in for it
    /// so that the extension starts without the host's blob lease infrastructure.
    /// </summary>
    private sealed class NoScheduleMonitor : ScheduleMonitor
    {
        public override Task<ScheduleStatus?> GetStatusAsync(string timerName) => Task.FromResult<ScheduleStatus?>(null);

        public override Task UpdateStatusAsync(string timerName, ScheduleStatus status) => Task.CompletedTask;
    }

    private sealed class ForwardingLoggerProvider(ILoggerFactory factory) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
