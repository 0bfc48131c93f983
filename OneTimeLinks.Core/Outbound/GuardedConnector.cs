using System.Net;
using System.Net.Sockets;

namespace OneTimeLinks.Core.Outbound;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of every outbound client: resolves the host itself, refuses the
/// connection if ANY address it resolves to is forbidden (a name that answers with one public and one private address
/// is a rebinding attempt, not a receiver), and only then asks <see cref="IOutboundConnector"/> for a socket. Resolving
/// here, on every new connection, is what makes the check hold when DNS changes after a subscription was created.
/// </summary>
internal sealed class GuardedConnector(IHostResolver resolver, IOutboundConnector connector)
{
    /// <exception cref="ForbiddenAddressException">The host resolves to a forbidden address; nothing was sent.</exception>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool plainHttp, bool allowLoopback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var addresses = await OutboundHosts.ResolveAsync(endpoint.Host, resolver, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        foreach (var address in addresses)
        {
            if (OutboundAddressPolicy.FindRefusal(address, allowLoopback) is { } reason)
            {
                throw new ForbiddenAddressException(endpoint.Host, address, reason);
            }

            if (plainHttp && !IPAddress.IsLoopback(address))
            {
                throw new ForbiddenAddressException(endpoint.Host, address, "and plain http is allowed only to a loopback host");
            }
        }

        List<Exception>? failures = null;
        foreach (var address in addresses)
        {
            try
            {
                return await connector.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
            }
            catch (Exception ex) when (ex is SocketException or IOException && !cancellationToken.IsCancellationRequested)
            {
                (failures ??= []).Add(ex);
            }
        }

        throw failures!.Count == 1 ? failures[0] : new AggregateException($"No address of '{endpoint.Host}' accepted the connection.", failures);
    }

    /// <summary>The handler every outbound client uses: this connector, no redirects, no proxy, no cookies, bounded times.</summary>
    public SocketsHttpHandler CreateHandler(bool allowLoopback, TimeSpan connectTimeout) => new()
    {
        // A receiver that redirects is answered as it answered; following would let it point us anywhere.
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = connectTimeout,

        // New connections resolve again, so a DNS change (and its check) is seen within a minute even on a busy pool.
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(
            context.DnsEndPoint,
            plainHttp: context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttp,
            allowLoopback,
            cancellationToken),
    };
}
