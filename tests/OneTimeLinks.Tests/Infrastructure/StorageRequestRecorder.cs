using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>
/// Records every storage request a client sends, as the kind <paramref name="classify"/> names it. Add it at
/// <see cref="HttpPipelinePosition.PerCall"/> so an SDK retry of one call is not counted twice.
/// </summary>
/// <param name="classify">Names a request's kind.</param>
/// <param name="latency">
/// Held before each answer is handed back, as a remote service's latency would be. Loopback storage answers faster
/// than a busy test machine sends the next of several parallel requests; with some latency, requests sent together
/// are seen together, so <see cref="DrainRounds"/> counts round trips the way a caller waits for them.
/// </param>
internal sealed class StorageRequestRecorder(Func<HttpMessage, string> classify, TimeSpan latency = default) : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<(int Round, string Kind)> _rounds = new();
    private readonly Lock _gate = new();
    private int _inFlight;
    private int _round;

    public int Count => _requests.Count;

    /// <summary>Everything recorded so far, oldest first, and forgets it.</summary>
    public List<string> Drain()
    {
        var drained = new List<string>();
        while (_requests.TryDequeue(out var request))
        {
            drained.Add(request);
        }

        return drained;
    }

    /// <summary>
    /// Everything recorded so far as round trips, oldest first, and forgets it. Requests sent while another was still
    /// waiting for its answer share its round (that is what parallel reads cost in latency); each round lists its
    /// requests' kinds sorted and joined by " + ".
    /// </summary>
    public List<string> DrainRounds()
    {
        var drained = new List<(int Round, string Kind)>();
        while (_rounds.TryDequeue(out var request))
        {
            drained.Add(request);
        }

        _requests.Clear();
        return [.. drained.GroupBy(r => r.Round).OrderBy(g => g.Key).Select(g => string.Join(" + ", g.Select(r => r.Kind).Order(StringComparer.Ordinal)))];
    }

    /// <summary>Requests by kind, for a failure message: "batch: 20, query: 4".</summary>
    public string Describe() => string.Join(", ", _requests.GroupBy(r => r).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"));

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Sending(message);
        try
        {
            ProcessNext(message, pipeline);
            if (latency > TimeSpan.Zero)
            {
                Thread.Sleep(latency);
            }
        }
        finally
        {
            Received();
        }
    }

    /// <summary>The latency is awaited, not slept: a blocked pool thread on a two-core machine would hold back the very
    /// parallel requests this recorder is meant to see together.</summary>
    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Sending(message);
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency).ConfigureAwait(false);
            }
        }
        finally
        {
            Received();
        }
    }

    private void Sending(HttpMessage message)
    {
        var kind = classify(message);
        _requests.Enqueue(kind);
        lock (_gate)
        {
            if (_inFlight++ == 0)
            {
                _round++;
            }

            _rounds.Enqueue((_round, kind));
        }
    }

    private void Received()
    {
        lock (_gate)
        {
            _inFlight--;
        }
    }
}
