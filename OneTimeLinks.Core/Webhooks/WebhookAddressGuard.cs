using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Outbound;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>The outbound address rules (<see cref="OutboundAddressGuard"/>) with the webhooks' own development setting.</summary>
internal sealed class WebhookAddressGuard(OutboundAddressGuard guard, IOptions<WebhookOptions> options) : IWebhookAddressGuard
{
    public Task<string?> FindRefusalAsync(Uri url, CancellationToken cancellationToken) =>
        guard.FindRefusalAsync(url, options.Value.AllowLoopbackHttp, cancellationToken);
}
