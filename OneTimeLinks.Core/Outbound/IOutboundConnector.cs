using System.Net;

namespace OneTimeLinks.Core.Outbound;

/// <summary>
/// The one seam every outbound connection of the app goes through (webhook deliveries, feed fetches): the handler
/// resolves the host, refuses forbidden addresses, then asks this to open the socket. Tests replace it with one that
/// records each address and refuses anything but loopback, so a missing guard fails a test instead of sending a packet.
/// </summary>
internal interface IOutboundConnector
{
    ValueTask<Stream> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken);
}

/// <summary>Host name to addresses; replaceable so tests can make a name resolve to anything without DNS.</summary>
internal interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
