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
        // Both URLs are secrets: a receiver's URL may carry its secret; a feed's URL is the owner's secret calendar address.
        services.AddGuardedClient<WebhookOptions>(OutboundHttp.WebhookClient, o => o.AttemptTimeout, o => o.AllowLoopbackHttp);
        services.AddGuardedClient<BusyFeedOptions>(OutboundHttp.FeedClient, o => o.FetchTimeout, o => o.AllowLoopbackHttp);
        return services;
    }

    /// <summary>
    /// A named client on the guarded connector, bounded by the feature's own timeout (connecting by at most
    /// <see cref="MaxConnectTimeout"/> of it), and without the factory's request loggers: the URLs these clients call
    /// are secrets.
    /// </summary>
    private static void AddGuardedClient<TOptions>(
        this IServiceCollection services, string name, Func<TOptions, TimeSpan> timeout, Func<TOptions, bool> allowLoopbackHttp)
        where TOptions : class
    {
        services.AddHttpClient(name, (provider, client) =>
            {
                client.Timeout = timeout(provider.GetRequiredService<IOptions<TOptions>>().Value);
            })
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var options = provider.GetRequiredService<IOptions<TOptions>>().Value;
                var connectTimeout = timeout(options) < MaxConnectTimeout ? timeout(options) : MaxConnectTimeout;
                return provider.GetRequiredService<GuardedConnector>().CreateHandler(allowLoopbackHttp(options), connectTimeout);
            })
            .RemoveAllLoggers();
    }
}
