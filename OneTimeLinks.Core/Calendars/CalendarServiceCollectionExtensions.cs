using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OneTimeLinks.Core.Calendars;

internal static class CalendarServiceCollectionExtensions
{
    /// <summary>The CRM's calendars: saved whole, read by id.</summary>
    public static IServiceCollection AddCalendars(this IServiceCollection services)
    {
        services.TryAddSingleton<ICalendarService, CalendarService>();
        return services;
    }
}
