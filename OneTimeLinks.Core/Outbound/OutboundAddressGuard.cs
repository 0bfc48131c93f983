using System.Net;
using System.Net.Sockets;

namespace OneTimeLinks.Core.Outbound;

/// <summary>
/// Whether a well-formed URL may be connected to now: https to a public address; plain http only to loopback, and only
/// when the caller's development setting allows loopback. Asked when a URL is configured (a 422 before anything is
/// stored, no connection made); the handler's <see cref="GuardedConnector"/> checks again on every connection.
/// </summary>
internal sealed class OutboundAddressGuard(IHostResolver resolver)
{
    // A name that takes longer than this to resolve is treated as not resolving: the CRM's request is waiting.
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Null when allowed; else why not, in words fit for the CRM (names the host and address, never the path).</summary>
    public async Task<string?> FindRefusalAsync(Uri url, bool allowLoopback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return "Must be an absolute https URL.";
        }

        var plainHttp = url.Scheme == Uri.UriSchemeHttp;
        if (plainHttp && !allowLoopback)
        {
            return "Must use https.";
        }

        IPAddress[] addresses;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ResolveTimeout);
        try
        {
            addresses = await OutboundHosts.ResolveAsync(url.IdnHost, resolver, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return $"The host '{url.IdnHost}' does not resolve.";
        }

        if (addresses.Length == 0)
        {
            return $"The host '{url.IdnHost}' does not resolve.";
        }

        foreach (var address in addresses)
        {
            if (OutboundAddressPolicy.FindRefusal(address, allowLoopback) is { } reason)
            {
                return $"The host '{url.IdnHost}' resolves to {address}, {reason}; only public addresses may be connected to.";
            }

            if (plainHttp && !IPAddress.IsLoopback(address))
            {
                return "Plain http is allowed only to a loopback host; use https.";
            }
        }

        return null;
    }
}
