using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Hosting;

namespace OneTimeLinks.Core.Events;

internal static class EventServiceCollectionExtensions
{
    /// <summary>Lifecycle events: the outbox's encryption, the dispatchers, and the transport (Service Bus, or a local queue).</summary>
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventOptions>().Bind(configuration.GetSection(EventOptions.SectionName));
        services.TryAddSingleton<EventPayloadProtector>();
        services.TryAddSingleton<EventChannels>();
        services.TryAddSingleton<OutboxEventDispatcher>();

        // Requests answer before publishing; the sweep publishes synchronously (it holds no one's answer).
        services.TryAddSingleton<IBackgroundEventDispatcher, BackgroundEventDispatcher>();
        services.TryAddSingleton<IEventDispatcher>(sp => sp.GetRequiredService<IBackgroundEventDispatcher>());
        services.TryAddSingleton<IEventPublisher>(CreateEventPublisher);
        return services;
    }

    private static IEventPublisher CreateEventPublisher(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EventOptions>>();
        var events = options.Value;
        if (events.UsesServiceBus)
        {
            var client = services.GetRequiredService<ServiceBusClient>();
            return new ServiceBusEventPublisher(client.CreateSender(events.TopicName), options);
        }

        return new StorageQueueEventPublisher(services.GetQueue(AzureClientRegistration.RawQueues, events.LocalQueueName), options);
    }
}
