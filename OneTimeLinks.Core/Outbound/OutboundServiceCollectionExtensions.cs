using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.BusyFeeds;
using OneTimeLinks.Core.Webhooks;

namespace OneTimeLinks.Core.Outbound;

internal static class OutboundServiceCollectionExtensions
{
    // Connecting is quick or it is not going to happen; the attempt's own timeout bounds the rest.
    private static readonly TimeSpan MaxConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The outbound seam: the resolver and the socket connector (each replaceable: tests put a loopback-only connector
    /// here), the guard between them, and the named webhook client built on it.
    /// </summary>
    public static IServiceCollection AddOutboundConnections(this IServiceCollection services)
    {
        // Every feature that connects out asks for the seam; it is built once.
        if (services.Any(d => d.ServiceType == typeof(GuardedConnector)))
        {
            return services;
        }

        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton<IOutboundConnector, SocketOutboundConnector>();
        services.TryAddSingleton<GuardedConnector>();
        services.TryAddSingleton<OutboundAddressGuard>();
        services.AddHttpClient(OutboundHttp.WebhookClient, (provider, client) =>
            {
                client.Timeout = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.AttemptTimeout;
            })
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var options = provider.GetRequiredService<IOptions<WebhookOptions>>().Value;
                var connectTimeout = options.AttemptTimeout < MaxConnectTimeout ? options.AttemptTimeout : MaxConnectTimeout;
                return provider.GetRequiredService<GuardedConnector>().CreateHandler(options.AllowLoopbackHttp, connectTimeout);
            })

            // The factory's own handlers log every request's URL, and a receiver's URL may carry its secret.
            .RemoveAllLoggers();
        services.AddHttpClient(OutboundHttp.FeedClient, (provider, client) =>
            {
                client.Timeout = provider.GetRequiredService<IOptions<BusyFeedOptions>>().Value.FetchTimeout;
            })
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var options = provider.GetRequiredService<IOptions<BusyFeedOptions>>().Value;
                var connectTimeout = options.FetchTimeout < MaxConnectTimeout ? options.FetchTimeout : MaxConnectTimeout;
                return provider.GetRequiredService<GuardedConnector>().CreateHandler(options.AllowLoopbackHttp, connectTimeout);
            })

            // A feed's URL is the owner's secret calendar address.
            .RemoveAllLoggers();
        return services;
    }
}
