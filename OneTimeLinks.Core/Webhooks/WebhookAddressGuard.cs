using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Outbound;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>https to a public address; plain http only to loopback, and only when <see cref="WebhookOptions.AllowLoopbackHttp"/>.</summary>
internal sealed class WebhookAddressGuard(IHostResolver resolver, IOptions<WebhookOptions> options) : IWebhookAddressGuard
{
    // A name that takes longer than this to resolve is treated as not resolving: the CRM's request is waiting.
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    public async Task<string?> FindRefusalAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var allowLoopback = options.Value.AllowLoopbackHttp;
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
                return $"The host '{url.IdnHost}' resolves to {address}, {reason}; receivers must be on a public address.";
            }

            if (plainHttp && !IPAddress.IsLoopback(address))
            {
                return "Plain http is allowed only to a loopback host; use https.";
            }
        }

        return null;
    }
}
