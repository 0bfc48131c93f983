using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// Fires the timer functions on their schedules (UTC), like the host's timer listener:
/// <list type="bullet">
/// <item>schedules are resolved (<c>%Setting%</c>) and parsed when the host is built, so a bad one fails the start;</item>
/// <item><c>RunOnStartup</c> runs the function once when the runner starts;</item>
/// <item>runs of one function never overlap: the next occurrence is computed after a run ends, and an occurrence that
/// arrives while an admin-API run is still going is skipped (the host's singleton lock);</item>
/// <item>schedules follow the app's <see cref="TimeProvider"/> (the DI registration): a test with a fake clock fires
/// timers by advancing it;</item>
/// <item>the <see cref="TimerInfo"/> carries ScheduleStatus (Last = previous run's occurrence in this process, Next,
/// LastUpdated); <c>UseMonitor</c>'s storage-backed past-due detection is not emulated, IsPastDue is false.</item>
/// </list>
/// </summary>
public sealed partial class TimerScheduler : BackgroundService
{
    private readonly Dictionary<string, TimerFunction> _timers;
    private readonly FunctionInvoker _invoker;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly ILogger<TimerScheduler> _logger;

    internal TimerScheduler(
        FunctionCatalog catalog,
        IConfiguration configuration,
        FunctionInvoker invoker,
        IServiceScopeFactory scopes,
        TimeProvider time,
        ILogger<TimerScheduler> logger)
    {
        _invoker = invoker;
        _scopes = scopes;
        _time = time;
        _logger = logger;
        _timers = new Dictionary<string, TimerFunction>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var function in catalog.Functions.Where(f => f.Timer is not null))
        {
            try
            {
                _timers[function.Name] = new TimerFunction(function, TimerSchedule.Resolve(function.Timer!.Schedule, configuration));
            }
            catch (LocalRunnerStartupException ex)
            {
                problems.Add($"Timer function '{function.Name}': {ex.Message}");
            }
        }

        if (problems.Count > 0)
        {
            throw LocalRunnerStartupException.FromProblems("The timer schedules cannot be used:", problems);
        }
    }

    /// <summary>The resolved schedule of a timer function.</summary>
    public TimerSchedule GetSchedule(string functionName) => Get(functionName).Schedule;

    /// <summary>
    /// Runs a timer function now (the admin API's "run now"), waiting for a run in progress to end first so two never
    /// overlap. Completes when the invocation has ended; its failure is logged and returned, not thrown.
    /// </summary>
    public async Task<InvocationOutcome> RunNowAsync(string functionName, CancellationToken cancellationToken = default)
    {
        var timer = Get(functionName);
        await timer.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await InvokeAsync(timer, scheduledFor: null, HttpFunctionEndpoints.ProgrammaticReason, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            timer.Gate.Release();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_timers.Values.Select(timer => RunScheduleAsync(timer, stoppingToken)));

    private async Task RunScheduleAsync(TimerFunction timer, CancellationToken stoppingToken)
    {
        try
        {
            if (timer.Function.Timer!.RunOnStartup)
            {
                await RunIfIdleAsync(timer, scheduledFor: null, "RunOnStartup", stoppingToken).ConfigureAwait(false);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                if (timer.Schedule.GetNextOccurrence(_time.GetUtcNow()) is not { } next)
                {
                    LogNoMoreOccurrences(_logger, timer.Function.Name, timer.Schedule.Expression);
                    return;
                }

                await DelayUntilAsync(next, stoppingToken).ConfigureAwait(false);
                var reason = $"Timer fired at {_time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)}";
                await RunIfIdleAsync(timer, next, reason, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The runner is stopping.
        }
    }

    private async Task RunIfIdleAsync(TimerFunction timer, DateTimeOffset? scheduledFor, string reason, CancellationToken stoppingToken)
    {
        if (!await timer.Gate.WaitAsync(0, stoppingToken).ConfigureAwait(false))
        {
            LogSkipped(_logger, timer.Function.Name);
            return;
        }

        try
        {
            await InvokeAsync(timer, scheduledFor, reason, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            timer.Gate.Release();
        }
    }

    private async Task<InvocationOutcome> InvokeAsync(TimerFunction timer, DateTimeOffset? scheduledFor, string reason, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var occurrence = scheduledFor ?? now;
        var info = new TimerInfo
        {
            IsPastDue = false,
            ScheduleStatus = new ScheduleStatus
            {
                Last = timer.LastOccurrence?.UtcDateTime ?? DateTime.MinValue,
                Next = timer.Schedule.GetNextOccurrence(occurrence)?.UtcDateTime ?? DateTime.MaxValue,
                LastUpdated = now.UtcDateTime,
            },
        };

        InvocationOutcome outcome;
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var bindings = new InvocationBindings(info, _ => null, cancellationToken);
            outcome = await _invoker.InvokeAsync(timer.Function, scope.ServiceProvider, bindings, reason).ConfigureAwait(false);
        }

        timer.LastOccurrence = occurrence;
        return outcome;
    }

    /// <summary>Waits in steps of at most a day (Task.Delay's limit is ~49 days; yearly schedules exist).</summary>
    private async Task DelayUntilAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        while (due - _time.GetUtcNow() is { } remaining && remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining < TimeSpan.FromDays(1) ? remaining : TimeSpan.FromDays(1), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimerFunction Get(string functionName) =>
        _timers.GetValueOrDefault(functionName) ?? throw new ArgumentException($"No timer function is named '{functionName}'.", nameof(functionName));

    public override void Dispose()
    {
        foreach (var timer in _timers.Values)
        {
            timer.Gate.Dispose();
        }

        base.Dispose();
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Timer function 'Functions.{FunctionName}' is still running; this occurrence is skipped.")]
    private static partial void LogSkipped(ILogger logger, string functionName);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Timer function 'Functions.{FunctionName}': the schedule '{Schedule}' has no further occurrence.")]
    private static partial void LogNoMoreOccurrences(ILogger logger, string functionName, string schedule);

    private sealed class TimerFunction(FunctionDescriptor function, TimerSchedule schedule)
    {
        public FunctionDescriptor Function { get; } = function;

        public TimerSchedule Schedule { get; } = schedule;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset? LastOccurrence { get; set; }
    }
}
