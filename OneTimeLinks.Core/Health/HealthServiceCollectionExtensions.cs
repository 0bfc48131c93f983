using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OneTimeLinks.Core.Health;

internal static class HealthServiceCollectionExtensions
{
    /// <summary>Health: whether the link table answers.</summary>
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.TryAddSingleton<IHealthProbe, TableHealthProbe>();
        return services;
    }
}
