using System.Diagnostics;
using Google.Protobuf;
using OneTimeLinks.LocalRunner.Rpc;

namespace OneTimeLinks.LocalRunner;

/// <summary>The worker's answer to one invocation; failures were already logged.</summary>
internal sealed record InvocationOutcome(string InvocationId, InvocationResponse Response)
{
    public bool Succeeded => Response.Result.Status == StatusResult.Types.Status.Success;

    public string? Failure => Succeeded ? null : Response.Result.Exception?.Message ?? Response.Result.Result;
}

/// <summary>
/// Sends one invocation through the <see cref="WorkerChannel"/> and logs it as the host does ("Executing 'Functions.X'",
/// "Executed 'Functions.X' (Succeeded|Failed, ...)" under the category <c>Function.X</c>). Nothing about an HTTP request
/// (path, query, headers) is logged: public link URLs carry a secret token.
/// </summary>
internal sealed partial class FunctionInvoker(WorkerChannel worker, QueueOutputBinding queueOutput, ILoggerFactory loggerFactory)
{
    public async Task<InvocationOutcome> InvokeAsync(
        FunctionMetadata function,
        string reason,
        IEnumerable<ParameterBinding> inputs,
        IEnumerable<KeyValuePair<string, TypedData>> triggerMetadata,
        CancellationToken cancellationToken,
        string? invocationId = null)
    {
        invocationId ??= Guid.NewGuid().ToString();
        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = WorkerChannel.FunctionId(function),
            TraceContext = new RpcTraceContext { TraceParent = Activity.Current?.Id ?? "", TraceState = Activity.Current?.TraceStateString ?? "" },
        };
        request.InputData.Add(inputs);
        foreach (var (name, value) in triggerMetadata)
        {
            request.TriggerMetadata[name] = value;
        }

        var logger = loggerFactory.CreateLogger($"Function.{function.Name}");
        LogExecuting(logger, function.Name, reason, invocationId);
        var started = Stopwatch.GetTimestamp();
        var response = await worker.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
        var outcome = new InvocationOutcome(invocationId, response);
        if (outcome.Succeeded)
        {
            // The host writes output bindings after a successful invocation only.
            await queueOutput.WriteAsync(function, response.OutputData, response.ReturnValue, cancellationToken).ConfigureAwait(false);
            var duration = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogSucceeded(logger, function.Name, invocationId, duration);
        }
        else
        {
            var duration = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(logger, function.Name, invocationId, duration, outcome.Failure ?? "");
        }

        return outcome;
    }

    /// <summary>A string value; a message run through the admin API has no id or pop receipt, which the host sends as empty.</summary>
    public static TypedData Text(string? value) => new() { String = value ?? "" };

    public static TypedData Json(string value) => new() { Json = value };

    public static TypedData Bytes(ReadOnlySpan<byte> value) => new() { Bytes = ByteString.CopyFrom(value) };

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Executing 'Functions.{FunctionName}' (Reason='{Reason}', Id={InvocationId})")]
    private static partial void LogExecuting(ILogger logger, string functionName, string reason, string invocationId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Executed 'Functions.{FunctionName}' (Succeeded, Id={InvocationId}, Duration={DurationMs}ms)")]
    private static partial void LogSucceeded(ILogger logger, string functionName, string invocationId, long durationMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Executed 'Functions.{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMs}ms): {Failure}")]
    private static partial void LogFailed(ILogger logger, string functionName, string invocationId, long durationMs, string failure);
}
