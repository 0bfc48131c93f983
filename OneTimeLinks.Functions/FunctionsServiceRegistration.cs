using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneTimeLinks.Core.Hosting;
using OneTimeLinks.Functions.Telemetry;

namespace OneTimeLinks.Functions;

public static class FunctionsServiceRegistration
{
    /// <summary>The app's services, shared by the Functions host (Program.cs) and the local runner.</summary>
    public static IServiceCollection AddOneTimeLinksFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOneTimeLinksCore(configuration);
        services.AddOneTimeLinksTelemetry(configuration);
        services.AddProblemDetails();
        services.AddOneTimeLinksPages(configuration);
        return services;
    }
}
