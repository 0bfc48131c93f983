using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Panel;

internal static class PanelServiceCollectionExtensions
{
    /// <summary>The owner's panel: sessions the CRM mints, and their store.</summary>
    public static IServiceCollection AddPanel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PanelOptions>().Bind(configuration.GetSection(PanelOptions.SectionName))
            .Validate(o => LinkOptions.IsValidPath(o.PanelPath), "Panel:PanelPath must be set by the host to an absolute path ending in '/'.")
            .ValidateOnStart();
        services.TryAddSingleton<IPanelSessionStore, TablePanelSessionStore>();
        services.TryAddSingleton<IPanelSessionService, PanelSessionService>();
        services.TryAddSingleton<IPanelRateStore, TablePanelRateStore>();
        services.TryAddSingleton<IPanelGenerateLimit, PanelGenerateLimit>();
        return services;
    }
}
