using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>
/// Records every storage request a client sends, as the kind <paramref name="classify"/> names it. Add it at
/// <see cref="HttpPipelinePosition.PerCall"/> so an SDK retry of one call is not counted twice.
/// </summary>
internal sealed class StorageRequestRecorder(Func<HttpMessage, string> classify) : HttpPipelineSynchronousPolicy
{
    private readonly ConcurrentQueue<string> _requests = new();

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

    /// <summary>Requests by kind, for a failure message: "batch: 20, query: 4".</summary>
    public string Describe() => string.Join(", ", _requests.GroupBy(r => r).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"));

    public override void OnSendingRequest(HttpMessage message) => _requests.Enqueue(classify(message));
}
