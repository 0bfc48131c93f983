using System.Collections.Concurrent;
using OneTimeLinks.Core.Outbound;

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>
/// Every test app's outbound connections go through this: it records each address the app asked for and refuses any
/// that is not loopback, so a missing address guard fails a test instead of sending a packet off the machine.
/// </summary>
public sealed class LoopbackOnlyConnector : IOutboundConnector
{
    private readonly ConcurrentQueue<IPEndPoint> _asked = new();

    /// <summary>Every endpoint the app tried to connect to, in order, loopback or not.</summary>
    public IReadOnlyList<IPEndPoint> Asked => [.. _asked];

    /// <summary>The endpoints refused because they were not loopback: a test that expects none asserts this is empty.</summary>
    public IReadOnlyList<IPEndPoint> Refused => [.. _asked.Where(endpoint => !IPAddress.IsLoopback(endpoint.Address))];

    async ValueTask<Stream> IOutboundConnector.ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        _asked.Enqueue(endpoint);
        if (!IPAddress.IsLoopback(endpoint.Address))
        {
            throw new InvalidOperationException($"Test traffic must stay on loopback; the app tried to connect to {endpoint}.");
        }

        return await new SocketOutboundConnector().ConnectAsync(endpoint, cancellationToken);
    }
}
