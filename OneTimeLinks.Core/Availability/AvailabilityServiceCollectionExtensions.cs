using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OneTimeLinks.Core.Availability;

internal static class AvailabilityServiceCollectionExtensions
{
    /// <summary>Availability: the busy time the CRM pushes, which bookings meet on the same agenda rows.</summary>
    public static IServiceCollection AddAvailability(this IServiceCollection services)
    {
        services.TryAddSingleton<BusyWindowSync>();
        services.TryAddSingleton<IBusyService, BusyService>();
        return services;
    }
}
