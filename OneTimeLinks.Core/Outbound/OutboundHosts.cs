using System.Net;

namespace OneTimeLinks.Core.Outbound;

/// <summary>A URL's host as addresses: an IP literal as it is, without asking anyone; a name through the resolver.</summary>
internal static class OutboundHosts
{
    /// <exception cref="System.Net.Sockets.SocketException">The name does not resolve.</exception>
    public static async Task<IPAddress[]> ResolveAsync(string host, IHostResolver resolver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolver);

        // Uri gives IPv6 literals in brackets; the handler's endpoint may give them either way.
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(literal, out var address) ? [address] : await resolver.ResolveAsync(host, cancellationToken);
    }
}
