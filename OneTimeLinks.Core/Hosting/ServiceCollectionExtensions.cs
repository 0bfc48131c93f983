using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.BookingFeeds;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.BusyFeeds;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Health;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Panel;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Sweeping;
using OneTimeLinks.Core.Telemetry;
using OneTimeLinks.Core.Webhooks;
using OneTimeLinks.Core.WorkflowRequests;

namespace OneTimeLinks.Core.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything the functions need from Core, one feature at a time (each one's registration sits beside its folder).</summary>
    public static IServiceCollection AddOneTimeLinksCore(this IServiceCollection services, IConfiguration configuration)
    {
        // What every feature shares: the clock, the Azure clients, the table's stores, the events' outbox and the metrics.
        services.TryAddSingleton(TimeProvider.System);
        services.AddOneTimeLinksAzureClients(configuration);
        services.AddStorage(configuration);
        services.AddEvents(configuration);
        services.AddLinkMetrics();

        // The features.
        services.AddCalendars();
        services.AddLinks(configuration);
        services.AddBookings();
        services.AddAvailability();
        services.AddSweeping(configuration);
        services.AddHealth();
        services.AddWorkflowRequests(configuration);
        services.AddWebhooks(configuration);
        services.AddBookingFeeds(configuration);
        services.AddBusyFeeds(configuration);
        services.AddPanel(configuration);
        return services;
    }
}
