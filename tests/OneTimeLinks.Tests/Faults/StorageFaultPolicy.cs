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
/// Test-only Azure.Core pipeline policy: fails the n-th storage request of a <see cref="StorageFaultTarget"/> (every
/// write, the transactions, or the due hints) after <see cref="Arm"/>, with one <see cref="StorageFault"/>. Add it twice: at <see cref="HttpPipelinePosition.PerCall"/>
/// (the app sees the fault) and at <see cref="HttpPipelinePosition.PerRetry"/> (the SDK retries it); each instance only
/// injects the faults of its position.
/// </summary>
internal sealed class StorageFaultPolicy(HttpPipelinePosition position) : HttpPipelinePolicy
{
    private readonly Lock _gate = new();
    private readonly List<string> _hintsSent = [];
    private StorageFaultTarget _counted;
    private int _seen;
    private int _target;
    private StorageFault _fault;
    private int _injected;

    public HttpPipelinePosition Position { get; } = position;

    /// <summary>Faults injected since the last <see cref="Arm"/>.</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>Due hint row keys this instance saw sent since the last <see cref="Arm"/>, faulted or not.</summary>
    public IReadOnlyList<string> HintsSent
    {
        get
        {
            lock (_gate)
            {
                return [.. _hintsSent];
            }
        }
    }

    /// <summary>
    /// Fails the <paramref name="nth"/> request (1-based) that <paramref name="target"/> counts from now on with
    /// <paramref name="fault"/>.
    /// </summary>
    public void Arm(StorageFaultTarget target, int nth, StorageFault fault)
    {
        lock (_gate)
        {
            _counted = target;
            _seen = 0;
            _target = nth;
            _fault = fault;
            _injected = 0;
            _hintsSent.Clear();
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
        var hint = StorageFaultTargets.DueHintRowKey(message);
        lock (_gate)
        {
            if (hint is not null)
            {
                _hintsSent.Add(hint);
            }

            // Each instance injects only the faults of its position, and counts only while it is armed for one.
            var mine = (_fault == StorageFault.LostResponseRetriedBySdk) == (Position == HttpPipelinePosition.PerRetry);
            if (mine && _target > 0 && _counted.Counts(message) && ++_seen == _target)
            {
                fault = _fault;
                _injected++;
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
