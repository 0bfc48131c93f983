using System.Net;

namespace OneTimeLinks.Core.Outbound;

/// <summary>The system's resolver (DNS, hosts file).</summary>
internal sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
