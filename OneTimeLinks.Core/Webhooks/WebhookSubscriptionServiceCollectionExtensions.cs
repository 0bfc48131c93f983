using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneTimeLinks.Core.Outbound;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Webhooks;

internal static class WebhookSubscriptionServiceCollectionExtensions
{
    /// <summary>The management API's side: subscriptions, their secrets, the address guard and the outbound seam.</summary>
    public static IServiceCollection AddWebhookSubscriptions(this IServiceCollection services)
    {
        services.AddOutboundConnections();
        services.TryAddSingleton<IWebhookStore, TableWebhookStore>();
        services.TryAddSingleton<WebhookSecrets>();
        services.TryAddSingleton<IWebhookAddressGuard, WebhookAddressGuard>();
        services.TryAddSingleton<IWebhookService, WebhookService>();
        return services;
    }
}
