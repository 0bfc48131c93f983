using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneTimeLinks.Functions.Assets;
using OneTimeLinks.Functions.InviteeBooking;
using OneTimeLinks.Functions.Pages;
using OneTimeLinks.Functions.Pages.Resources;
using OneTimeLinks.Functions.Panel;

// In the root namespace, beside OneTimeLinksApp, so registering the pages takes one line there.
namespace OneTimeLinks.Functions;

public static class PagesServiceRegistration
{
    /// <summary>The invitee's HTML pages and the owner's panel: options, their words in every language, the embedded assets and the page renderer.</summary>
    public static IServiceCollection AddOneTimeLinksPages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PagesOptions>().Bind(configuration.GetSection(PagesOptions.SectionName))
            .Validate(o => PagesOptions.IsValidSourceList(o.FrameAncestors),
                "Pages:FrameAncestors must be a CSP source list such as 'none' or https://crm.example.com (no ';' or ',').")
            .Validate(o => PagesOptions.IsValidPath(o.AssetPath), "Pages:AssetPath must be an absolute path ending in '/', such as /api/assets/.")
            .ValidateOnStart();
        // Resource names follow the type's full name (PageText.resx beside PageText.cs), so no ResourcesPath.
        services.AddLocalization();
        services.TryAddSingleton<PageText>();
        services.TryAddSingleton<AssetCatalog>();
        services.TryAddSingleton<InviteePages>();
        services.TryAddSingleton<BookingHtmlResults>();
        services.TryAddSingleton<PanelPages>();
        services.TryAddSingleton<PanelGate>();
        return services;
    }
}
