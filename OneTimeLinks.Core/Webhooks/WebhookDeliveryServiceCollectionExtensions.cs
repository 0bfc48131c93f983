using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Hosting;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.WorkflowRequests;

namespace OneTimeLinks.Core.Webhooks;

internal static class WebhookDeliveryServiceCollectionExtensions
{
    /// <summary>The delivery side: the hand-off from the outbox, the fan-out, attempts, retries and the delivery log.</summary>
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookDeliveryOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName));
        services.AddOptions<WebhookQueueOptions>()
            .Configure(o =>
            {
                o.EventsQueueName = configuration[WebhookQueueOptions.EventsQueueSetting] is { Length: > 0 } events ? events : o.EventsQueueName;
                o.AttemptsQueueName = configuration[WebhookQueueOptions.AttemptsQueueSetting] is { Length: > 0 } attempts ? attempts : o.AttemptsQueueName;
            })
            .Validate(o => WorkflowRequestOptions.IsValidQueueName(o.EventsQueueName) && WorkflowRequestOptions.IsValidQueueName(o.AttemptsQueueName),
                $"{WebhookQueueOptions.EventsQueueSetting} and {WebhookQueueOptions.AttemptsQueueSetting} must be storage queue names (3-63 lower-case letters, digits, single hyphens).")
            .ValidateOnStart();

        // Base64, as the queue triggers read them (host.json extensions.queues.messageEncoding).
        services.TryAddSingleton(sp =>
        {
            var queues = sp.GetRequiredService<IOptions<WebhookQueueOptions>>().Value;
            return new WebhookQueues(
                sp.GetQueue(AzureClientRegistration.Base64Queues, queues.EventsQueueName),
                sp.GetQueue(AzureClientRegistration.Base64Queues, queues.AttemptsQueueName),
                sp.GetRequiredService<EventPayloadProtector>());
        });
        services.TryAddSingleton<IWebhookHandOff, WebhookHandOff>();
        services.TryAddSingleton<IWebhookDeliveryStore, TableWebhookDeliveryStore>();
        services.TryAddSingleton<WebhookRetrySchedule>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookSubscriptionHealth>();
        services.TryAddSingleton<WebhookFanOut>();
        services.TryAddSingleton<WebhookAttempter>();
        services.TryAddSingleton<IWebhookDeliveryWorker, WebhookDeliveryWorker>();
        services.TryAddSingleton<IWebhookDeliveryLog, WebhookDeliveryLog>();
        return services;
    }
}
