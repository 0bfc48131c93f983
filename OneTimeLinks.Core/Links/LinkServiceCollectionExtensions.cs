using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Links;

internal static class LinkServiceCollectionExtensions
{
    /// <summary>Links: their options (validated at start), the management side, batches, and confirmed opens.</summary>
    public static IServiceCollection AddLinks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LinkOptions>().Bind(configuration.GetSection(LinkOptions.SectionName))
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http",
                "Links:PublicBaseUrl must be an absolute http(s) URL.")
            .Validate(o => LinkOptions.IsValidKey(o.UrlProtectionKey), "Links:UrlProtectionKey must be Base64 of 32 random bytes.")
            .Validate(o => LinkOptions.IsValidKeyId(o.UrlProtectionKeyId) && o.PreviousUrlProtectionKeys.All(k => LinkOptions.IsValidKeyId(k.Key) && LinkOptions.IsValidKey(k.Value)),
                "Links:UrlProtectionKeyId and the names of Links:PreviousUrlProtectionKeys must be 1-32 letters, digits or hyphens; every previous key Base64 of 32 random bytes.")
            .Validate(o => LinkOptions.IsValidPath(o.LinkPath) && LinkOptions.IsValidPath(o.ManagePath),
                "Links:LinkPath and Links:ManagePath must be set by the host to absolute paths ending in '/'.")
            .ValidateOnStart();

        services.TryAddSingleton<ILinkService, LinkService>();
        services.TryAddSingleton<ILinkBatchService, LinkBatchService>();
        services.TryAddSingleton<ILinkOpenService, LinkOpenService>();
        services.TryAddSingleton<ILinkScanStore, TableLinkScanStore>();
        services.TryAddSingleton<ILinkOverviewService, LinkOverviewService>();
        return services;
    }
}
