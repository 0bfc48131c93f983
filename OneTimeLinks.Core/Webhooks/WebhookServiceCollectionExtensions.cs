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
        services.AddWebhookDelivery(configuration);
        return services;
    }
}
