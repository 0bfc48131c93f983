using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Azure.WebJobs.Host.Timers;
using OneTimeLinks.LocalRunner.Rpc;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// Runs the queue and timer triggers on the Functions host's own listener libraries: a WebJobs SDK host with the
/// storage-queue and timer extensions, configured from host.json and app settings exactly as the Functions host does
/// (<c>AzureFunctionsJobHost</c> section, <c>AzureFunctionsJobHost__extensions__queues__*</c> overrides). Polling, dequeue
/// counts, visibility, backoff, poison queues and schedules are theirs; this class only hands each trigger to the function.
/// </summary>
internal sealed class TriggerListeners(
    IReadOnlyList<FunctionMetadata> functions,
    IConfiguration configuration,
    HostJson hostJson,
    FunctionInvoker invoker,
    ILoggerFactory loggerFactory) : IDisposable
{
    private IHost? _host;
    private volatile bool _stopping;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var triggered = functions.Where(f => !f.IsHttp).ToList();
        if (triggered.Count == 0)
        {
            return;
        }

        var target = TriggerMethods.Emit(triggered);
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
                .AddSingleton<ScheduleMonitor, NoScheduleMonitor>()
                .AddSingleton<IWebJobsExceptionHandlerFactory>(new StoppingAwareExceptionHandlerFactory(
                    () => _stopping, loggerFactory.CreateLogger<TriggerListeners>())))
            .Build();
        await _host.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (_host is null)
        {
            return;
        }

        try
        {
            await _host.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The SDK's QueueListener can fail its own stop when messages are still in flight (a null task in its list
            // of processing tasks). The Functions host logs a listener that fails to stop and goes on shutting down; so
            // does the runner, instead of failing the caller's stop.
            loggerFactory.CreateLogger<TriggerListeners>().LogWarning(ex, "A trigger listener failed to stop cleanly.");
        }
    }

    public void Dispose() => _host?.Dispose();

    /// <summary>The host's "run now" (admin API): the SDK's own call path, so a queue function gets a message built from <paramref name="input"/>.</summary>
    public Task CallAsync(FunctionMetadata function, string? input, CancellationToken cancellationToken) =>
        (_host ?? throw new InvalidOperationException("The trigger listeners are not running."))
            .Services.GetRequiredService<IJobHost>()
            .CallAsync(function.Name, new Dictionary<string, object?> { [function.TriggerName] = input }, cancellationToken);

    /// <summary>Turns the listener's trigger into the invocation the host would send: the message or timer as the trigger's
    /// input, the queue message's properties as trigger metadata (bindable by parameter name, e.g. <c>dequeueCount</c>).</summary>
    private async Task DispatchAsync(string functionName, object trigger, CancellationToken cancellationToken)
    {
        var function = functions.First(f => f.Name == functionName);
        var (input, metadata) = trigger switch
        {
            QueueMessage message => (
                function.TriggerIsBinary ? FunctionInvoker.Bytes(message.Body.ToMemory().Span) : FunctionInvoker.Text(message.Body.ToString()),
                new Dictionary<string, TypedData>
                {
                    ["DequeueCount"] = FunctionInvoker.Json(message.DequeueCount.ToString(CultureInfo.InvariantCulture)),
                    ["Id"] = FunctionInvoker.Text(message.MessageId),
                    ["PopReceipt"] = FunctionInvoker.Text(message.PopReceipt),
                    ["QueueTrigger"] = FunctionInvoker.Text(message.Body.ToString()),
                    ["InsertionTime"] = FunctionInvoker.Json(JsonSerializer.Serialize(message.InsertedOn)),
                    ["ExpirationTime"] = FunctionInvoker.Json(JsonSerializer.Serialize(message.ExpiresOn)),
                    ["NextVisibleTime"] = FunctionInvoker.Json(JsonSerializer.Serialize(message.NextVisibleOn)),
                }),
            TimerInfo timer => (FunctionInvoker.Json(JsonSerializer.Serialize(new
            {
                timer.IsPastDue,
                ScheduleStatus = timer.ScheduleStatus is { } status ? new { status.Last, status.Next, status.LastUpdated } : null,
            })), new Dictionary<string, TypedData>()),
            _ => throw new InvalidOperationException($"Unexpected trigger value {trigger.GetType()}."),
        };

        var outcome = await invoker.InvokeAsync(
            function, "WebJobs trigger", [new ParameterBinding { Name = function.TriggerName, Data = input }], metadata, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            // The listener decides what a failure means (retry after visibilityTimeout, poison after maxDequeueCount).
            throw new InvalidOperationException($"'Functions.{function.Name}' failed: {outcome.Failure}");
        }
    }

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

    /// <summary>
    /// While the listeners run, an unhandled listener exception does what the SDK's own handler does: it ends the
    /// process, so the Functions host would restart it. Once stopping has begun, a message still in flight can touch its
    /// listener's disposed state (ObjectDisposedException on its cancellation source); the real host's process is ending
    /// then anyway, but the runner may host many apps in one process (the tests), so that exception is logged instead.
    /// </summary>
    private sealed class StoppingAwareExceptionHandlerFactory(Func<bool> stopping, ILogger logger)
        : IWebJobsExceptionHandlerFactory
    {
        public IWebJobsExceptionHandler Create(IHost jobHost) =>
            new Handler(new DefaultWebJobsExceptionHandlerFactory().Create(jobHost), stopping, logger);

        private sealed class Handler(IWebJobsExceptionHandler inner, Func<bool> stopping, ILogger logger) : IWebJobsExceptionHandler
        {
            public Task OnTimeoutExceptionAsync(ExceptionDispatchInfo exceptionInfo, TimeSpan timeoutGracePeriod) =>
                stopping() ? Logged(exceptionInfo) : inner.OnTimeoutExceptionAsync(exceptionInfo, timeoutGracePeriod);

            public Task OnUnhandledExceptionAsync(ExceptionDispatchInfo exceptionInfo) =>
                stopping() ? Logged(exceptionInfo) : inner.OnUnhandledExceptionAsync(exceptionInfo);

            private Task Logged(ExceptionDispatchInfo exceptionInfo)
            {
                logger.LogWarning(exceptionInfo.SourceException, "A trigger listener failed while the runner was stopping.");
                return Task.CompletedTask;
            }
        }
    }

    private sealed class ForwardingLoggerProvider(ILoggerFactory factory) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
