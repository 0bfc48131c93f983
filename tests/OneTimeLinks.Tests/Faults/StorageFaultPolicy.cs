using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OneTimeLinks.Tests.Faults;

/// <summary>What an injected storage fault looks like to the caller.</summary>
public enum StorageFault
{
    /// <summary>503 before the request reaches storage: nothing was written.</summary>
    Unavailable,

    /// <summary>500 before the request reaches storage: nothing was written.</summary>
    ServerError,

    /// <summary>A timeout before the request reaches storage: nothing was written.</summary>
    Timeout,

    /// <summary>The write reached storage and committed; the caller saw a failure (the answer was lost).</summary>
    LostResponse,

    /// <summary>The write committed, its answer was lost, and the SDK's retry policy sent the same request again.</summary>
    LostResponseRetriedBySdk,
}

/// <summary>
/// Test-only Azure.Core pipeline policy: fails the n-th storage write (POST, PUT, MERGE, PATCH, DELETE) after
/// <see cref="Arm"/>, with one <see cref="StorageFault"/>. Add it twice: at <see cref="HttpPipelinePosition.PerCall"/>
/// (the app sees the fault) and at <see cref="HttpPipelinePosition.PerRetry"/> (the SDK retries it); each instance only
/// injects the faults of its position.
/// </summary>
internal sealed class StorageFaultPolicy(HttpPipelinePosition position) : HttpPipelinePolicy
{
    private readonly Lock _gate = new();
    private int _writes;
    private int _target;
    private StorageFault _fault;
    private int _injected;

    public HttpPipelinePosition Position { get; } = position;

    /// <summary>Faults injected since the last <see cref="Arm"/>.</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>Fails the <paramref name="nth"/> write from now on (1-based) with <paramref name="fault"/>.</summary>
    public void Arm(int nth, StorageFault fault)
    {
        lock (_gate)
        {
            _writes = 0;
            _target = nth;
            _fault = fault;
            _injected = 0;
        }
    }

    public void Disarm()
    {
        lock (_gate)
        {
            _target = 0;
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        StorageFault? fault = null;
        if (message.Request.Method != RequestMethod.Get && message.Request.Method != RequestMethod.Head)
        {
            lock (_gate)
            {
                // Each instance injects only the faults of its position, and counts only while it is armed for one.
                var mine = (_fault == StorageFault.LostResponseRetriedBySdk) == (Position == HttpPipelinePosition.PerRetry);
                if (mine && _target > 0 && ++_writes == _target)
                {
                    fault = _fault;
                    _injected++;
                }
            }
        }

        switch (fault)
        {
            case null:
                await ProcessNextAsync(message, pipeline);
                return;
            case StorageFault.Unavailable:
                throw new RequestFailedException(503, "Injected: the service is unavailable.");
            case StorageFault.ServerError:
                throw new RequestFailedException(500, "Injected: internal server error.");
            case StorageFault.Timeout:
                throw new RequestFailedException(0, "Injected: the request timed out.", new TimeoutException());
            default:
                // The write is sent and committed; then the connection drops before the answer arrives. Status 0 is
                // what Azure.Core reports for a transport failure, and what its retry policy retries.
                await ProcessNextAsync(message, pipeline);
                throw new RequestFailedException(0, "Injected: the response was lost.", new IOException("Connection reset."));
        }
    }
}
