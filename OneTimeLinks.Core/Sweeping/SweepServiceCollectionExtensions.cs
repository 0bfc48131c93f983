using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OneTimeLinks.Core.Sweeping;

internal static class SweepServiceCollectionExtensions
{
    /// <summary>The sweep: how long ended data is kept, its budget per run, and its three steps.</summary>
    public static IServiceCollection AddSweeping(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.SectionName));
        services.AddOptions<SweepOptions>().Bind(configuration.GetSection(SweepOptions.SectionName))
            .Validate(o => o.RedeliveryDelay >= TimeSpan.Zero && o.RedeliveryClaim > TimeSpan.Zero && o.MaxItemsPerRun > 0,
                "Sweep:RedeliveryDelay must not be negative, Sweep:RedeliveryClaim and Sweep:MaxItemsPerRun must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton<ExpireDueLinks>();
        services.TryAddSingleton<DeclineOverdueRequests>();
        services.TryAddSingleton<PurgeRetiredData>();
        services.TryAddSingleton<RedeliverPendingEvents>();
        services.TryAddSingleton<PurgeEndedWebhookDeliveries>();
        services.TryAddSingleton<ISweepService, SweepService>();
        return services;
    }
}
