using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OneTimeLinks.Core.Telemetry;

internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// The business metrics, on a meter from the container's <c>IMeterFactory</c> (a host registers one already;
    /// <c>AddMetrics</c> adds it only where none is, as in a container built without a host).
    /// </summary>
    public static IServiceCollection AddLinkMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<LinkMetrics>();
        return services;
    }
}
