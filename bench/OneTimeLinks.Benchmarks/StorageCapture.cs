using Azure.Core;
using Azure.Core.Pipeline;

namespace OneTimeLinks.Benchmarks;

/// <summary>One storage request as the app sent it: its round, kind, method, URI and body.</summary>
internal sealed record CapturedRequest(int Round, string Kind, string Method, Uri Uri, byte[] Body);

/// <summary>
/// Keeps the app's storage requests, whole, while <see cref="Capturing"/> is on, so that the own-work table can replay
/// exactly what an operation asked of storage. While capturing it holds each answer for a while (as
/// <see cref="StorageRequestRecorder"/> does), so that requests sent together are seen in one round; off, it only
/// passes requests on, and the timed runs are not slowed.
/// </summary>
internal sealed class StorageCapture : HttpPipelinePolicy
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(50);
    private readonly List<CapturedRequest> _requests = [];
    private readonly Lock _gate = new();
    private int _inFlight;
    private int _round;

    public bool Capturing { get; set; }

    /// <summary>What was captured since the last call, oldest first, and forgets it.</summary>
    public List<CapturedRequest> Drain()
    {
        lock (_gate)
        {
            var drained = _requests.ToList();
            _requests.Clear();
            return drained;
        }
    }

    /// <summary>Not captured: the app calls storage asynchronously.</summary>
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => ProcessNext(message, pipeline);

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!Capturing)
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            return;
        }

        using var body = new MemoryStream();
        if (message.Request.Content is { } content)
        {
            await content.WriteToAsync(body, message.CancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            if (_inFlight++ == 0)
            {
                _round++;
            }

            _requests.Add(new CapturedRequest(_round, StorageRequestKinds.Of(message), message.Request.Method.Method, message.Request.Uri.ToUri(), body.ToArray()));
        }

        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            await Task.Delay(Latency).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _inFlight--;
            }
        }
    }
}
