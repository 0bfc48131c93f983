using System.Reflection;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Health;
using OneTimeLinks.Core.WorkflowRequests;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Sweeping;

namespace OneTimeLinks.Core.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything the functions need from Core: options, Azure clients, the store and the services.</summary>
    public static IServiceCollection AddOneTimeLinksCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<LinkOptions>().Bind(configuration.GetSection(LinkOptions.SectionName))
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http",
                "Links:PublicBaseUrl must be an absolute http(s) URL.")
            .Validate(o => LinkOptions.IsValidKey(o.UrlProtectionKey), "Links:UrlProtectionKey must be Base64 of 32 random bytes.")
            .Validate(o => LinkOptions.IsValidKeyId(o.UrlProtectionKeyId) && o.PreviousUrlProtectionKeys.All(k => LinkOptions.IsValidKeyId(k.Key) && LinkOptions.IsValidKey(k.Value)),
                "Links:UrlProtectionKeyId and the names of Links:PreviousUrlProtectionKeys must be 1-32 letters, digits or hyphens; every previous key Base64 of 32 random bytes.")
            .Validate(o => LinkOptions.IsValidPath(o.LinkPath) && LinkOptions.IsValidPath(o.ManagePath),
                "Links:LinkPath and Links:ManagePath must be set by the host to absolute paths ending in '/'.")
            .ValidateOnStart();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        services.AddOptions<EventOptions>().Bind(configuration.GetSection(EventOptions.SectionName));
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.SectionName));
        services.AddOptions<SweepOptions>().Bind(configuration.GetSection(SweepOptions.SectionName))
            .Validate(o => o.RedeliveryDelay >= TimeSpan.Zero && o.RedeliveryClaim > TimeSpan.Zero && o.MaxItemsPerRun > 0,
                "Sweep:RedeliveryDelay must not be negative, Sweep:RedeliveryClaim and Sweep:MaxItemsPerRun must be positive.")
            .ValidateOnStart();

        services.AddOneTimeLinksAzureClients(configuration);
        services.TryAddSingleton<EventPayloadProtector>();
        services.TryAddSingleton<ILinkStore, TableLinkStore>();
        services.TryAddSingleton<IBusyStore, TableBusyStore>();
        services.TryAddSingleton<IBookingStore, TableBookingStore>();
        services.TryAddSingleton<DueHints>();
        services.TryAddSingleton<OutboxEventDispatcher>();

        // Requests answer before publishing; the sweep publishes synchronously (it holds no one's answer).
        services.TryAddSingleton(Internal<BackgroundEventDispatcher>);
        services.TryAddSingleton<IEventDispatcher>(sp => sp.GetRequiredService<BackgroundEventDispatcher>());
        services.TryAddSingleton<IEventPublisher>(CreateEventPublisher);

        services.TryAddSingleton(Internal<CalendarService>);
        services.TryAddSingleton(Internal<LinkService>);
        services.TryAddSingleton(Internal<LinkBatchService>);
        services.TryAddSingleton(Internal<LinkOpenService>);
        services.TryAddSingleton(Internal<BookingService>);
        services.TryAddSingleton(Internal<BusyService>);
        services.TryAddSingleton(Internal<BookingChangeService>);
        services.TryAddSingleton<ISweepStore, TableSweepStore>();
        services.TryAddSingleton<ExpireDueLinks>();
        services.TryAddSingleton<PurgeRetiredData>();
        services.TryAddSingleton<RedeliverPendingEvents>();
        services.TryAddSingleton(Internal<SweepService>);
        services.TryAddSingleton<TableHealthStore>();
        services.TryAddSingleton(Internal<TableHealthProbe>);
        services.AddWorkflowRequests(configuration);
        return services;
    }

    /// <summary>
    /// Builds a public Core service through its internal constructor, each parameter resolved from the container:
    /// DI calls public constructors only, and these take storage-module types, so theirs cannot be public.
    /// </summary>
    private static T Internal<T>(IServiceProvider services)
    {
        var constructor = typeof(T).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic).Single(c => c.IsAssembly);
        return (T)constructor.Invoke([.. constructor.GetParameters().Select(p => services.GetRequiredService(p.ParameterType))]);
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
