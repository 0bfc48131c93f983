using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OneTimeLinks.LocalRunner;

/// <summary>The outcome of one invocation; failures were already logged.</summary>
public sealed record InvocationOutcome(Guid InvocationId, Exception? Exception)
{
    public bool Succeeded => Exception is null;
}

/// <summary>
/// Runs one invocation as the host does: a new function class instance from the invocation's service scope
/// (<c>ActivatorUtilities.CreateInstance</c>, constructor injection), parameters bound, the result awaited, and the
/// host's log lines "Executing 'Functions.X'" / "Executed 'Functions.X' (Succeeded|Failed, ...)" under the category
/// <c>Function.X</c>. Nothing about the request (path, query, headers) is logged: public link URLs carry a secret token.
/// </summary>
internal sealed partial class FunctionInvoker(ILoggerFactory loggerFactory)
{
    /// <param name="handleResult">Runs on the function's result inside the invocation (HTTP: executes the IResult), so
    /// its failures count as the invocation's.</param>
    public async Task<InvocationOutcome> InvokeAsync(
        FunctionDescriptor function,
        IServiceProvider services,
        InvocationBindings bindings,
        string reason,
        Func<object?, Task>? handleResult = null)
    {
        var invocationId = Guid.NewGuid();
        var logger = loggerFactory.CreateLogger($"Function.{function.Name}");
        LogExecuting(logger, function.Name, reason, invocationId);
        var started = Stopwatch.GetTimestamp();
        object? instance = null;
        try
        {
            instance = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, function.FunctionType);
            var arguments = function.Parameters.Select(p => p.Bind(bindings)).ToArray();
            var returned = function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            var result = await function.Return.AwaitAsync(returned).ConfigureAwait(false);
            if (handleResult is not null)
            {
                await handleResult(result).ConfigureAwait(false);
            }

            var duration = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogSucceeded(logger, function.Name, invocationId, duration);
            return new InvocationOutcome(invocationId, null);
        }
#pragma warning disable CA1031 // A function's failure of any kind is the invocation's outcome, as in the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var duration = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(logger, ex, function.Name, invocationId, duration);
            return new InvocationOutcome(invocationId, ex);
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Executing 'Functions.{FunctionName}' (Reason='{Reason}', Id={InvocationId})")]
    private static partial void LogExecuting(ILogger logger, string functionName, string reason, Guid invocationId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Executed 'Functions.{FunctionName}' (Succeeded, Id={InvocationId}, Duration={DurationMs}ms)")]
    private static partial void LogSucceeded(ILogger logger, string functionName, Guid invocationId, long durationMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Executed 'Functions.{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMs}ms)")]
    private static partial void LogFailed(ILogger logger, Exception exception, string functionName, Guid invocationId, long durationMs);
}
