using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace OneTimeLinks.Tests.LocalRunner;

#pragma warning disable CA1822 // Function methods are instance methods, as in the app: the runner constructs the class.

// Small function classes written exactly like the app's (DI constructor, [Function], trigger attributes), so the runner's
// tests do not depend on the app's behaviour. Each test host picks the classes it needs with FunctionCatalog.FromTypes.

/// <summary>What the sample functions saw, shared with the test through DI.</summary>
public sealed class SampleRecorder
{
    private int _running;
    private int _maxRunning;

    public ConcurrentQueue<object> Invocations { get; } = new();

    /// <summary>Slow functions wait for this before they return.</summary>
    public SemaphoreSlim Release { get; } = new(0);

    /// <summary>Released once per start of a slow function.</summary>
    public SemaphoreSlim Started { get; } = new(0);

    public int MaxConcurrent => Volatile.Read(ref _maxRunning);

    public async Task RunSlowlyAsync(CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        Started.Release();
        try
        {
            await Release.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public async Task<T> WaitForAsync<T>(Func<T, bool>? predicate = null, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            if (Invocations.OfType<T>().FirstOrDefault(i => predicate?.Invoke(i) ?? true) is { } found)
            {
                return found;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No {typeof(T).Name} invocation within {timeoutSeconds}s.");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

public sealed record HttpInvocation(string Function, string? ThingId, string? ItemId);

public sealed record TimerInvocation(string Function, TimerInfo Timer);

public sealed record QueueInvocation(string Message, long DequeueCount, string Id, DateTimeOffset At);

internal sealed class SampleHttpFunctions(SampleRecorder recorder)
{
    [Function("Echo")]
    public async Task<IResult> EchoAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "things/{thingId}/items/{itemId?}")] HttpRequest request,
        string thingId,
        string? itemId,
        CancellationToken cancellationToken)
    {
        await Task.Yield();
        recorder.Invocations.Enqueue(new HttpInvocation("Echo", thingId, itemId));
        return Results.Ok(new { thingId, itemId, method = request.Method });
    }

    [Function("OpenSample")]
    public IResult Open([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "open/{token}")] HttpRequest request, string token)
    {
        recorder.Invocations.Enqueue(new HttpInvocation("OpenSample", token, null));
        return Results.Text($"opened {token.Length}");
    }

    [Function("AdminOnly")]
    public IResult AdminOnly([HttpTrigger(AuthorizationLevel.Admin, "get", Route = "maintenance")] HttpRequest request) => Results.NoContent();

    [Function("Boom")]
    public Task<IResult> BoomAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "boom")] HttpRequest request) =>
        throw new InvalidOperationException("Sensitive internals that must not reach the client.");

    /// <summary>No route and no methods: the host serves it on {prefix}/{function name} for every method.</summary>
    [Function("NoRoute")]
    public IResult NoRoute([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequest request) => Results.Text(request.Method);
}

internal sealed class SampleTimerFunctions(SampleRecorder recorder)
{
    [Function("Tick")]
    public Task TickAsync([TimerTrigger("%Sample:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        recorder.Invocations.Enqueue(new TimerInvocation("Tick", timer));
        return Task.CompletedTask;
    }
}

internal sealed class SampleStartupTimerFunctions(SampleRecorder recorder)
{
    [Function("StartupTick")]
    public void Run([TimerTrigger("0 0 0 1 1 *", RunOnStartup = true)] TimerInfo timer) =>
        recorder.Invocations.Enqueue(new TimerInvocation("StartupTick", timer));
}

internal sealed class SampleSlowTimerFunctions(SampleRecorder recorder)
{
    [Function("SlowTick")]
    public async Task RunAsync([TimerTrigger("*/10 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        recorder.Invocations.Enqueue(new TimerInvocation("SlowTick", timer));
        await recorder.RunSlowlyAsync(cancellationToken);
    }
}

internal sealed class SampleQueueFunctions(SampleRecorder recorder)
{
    /// <summary>Fails every message that starts with "fail"; waits for the test's release on "slow".</summary>
    [Function("Consume")]
    public async Task RunAsync(
        [QueueTrigger("%Sample:QueueName%", Connection = "AzureWebJobsStorage")] string message,
        long dequeueCount,
        string id,
        CancellationToken cancellationToken)
    {
        recorder.Invocations.Enqueue(new QueueInvocation(message, dequeueCount, id, DateTimeOffset.UtcNow));
        if (message.StartsWith("slow", StringComparison.Ordinal))
        {
            await recorder.RunSlowlyAsync(cancellationToken);
        }

        if (message.StartsWith("fail", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The sample fails this message.");
        }
    }
}

/// <summary>Signatures the runner must refuse at startup, each for its own reason.</summary>
internal sealed class InvalidSampleFunctions
{
    [Function("UsesFunctionContext")]
    public IResult UsesFunctionContext([HttpTrigger(AuthorizationLevel.Function, "get", Route = "a")] HttpRequest request, FunctionContext context) => Results.Ok();

    [Function("UnboundString")]
    public IResult UnboundString([HttpTrigger(AuthorizationLevel.Function, "get", Route = "b/{id}")] HttpRequest request, string other) => Results.Ok();

    [Function("ReturnsString")]
    public string ReturnsString([HttpTrigger(AuthorizationLevel.Function, "get", Route = "c")] HttpRequest request) => "no";

    [Function("NoTrigger")]
    public void NoTrigger(string input)
    {
    }

    [Function("TimerReturnsValue")]
    public int TimerReturnsValue([TimerTrigger("0 */5 * * * *")] TimerInfo timer) => 1;
}

/// <summary>Needs a service nobody registers.</summary>
internal sealed class NeedsMissingServiceFunctions(NeedsMissingServiceFunctions.Unregistered dependency)
{
    [Function("NeedsMissingService")]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "missing")] HttpRequest request) => Results.Text(dependency.ToString()!);

    public sealed class Unregistered;
}
