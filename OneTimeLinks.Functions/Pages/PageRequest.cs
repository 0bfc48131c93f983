using Microsoft.Extensions.Primitives;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// What the invitee's request says about how to show a page: the explicit language (<c>?lang=</c> or the form's
/// <c>lang</c> field), the browser's Accept-Language, the time zone chosen (<c>?tz=</c> or the form's), and on the
/// confirmation page the manage token the booking's 303 handed the browser in a cookie scoped to that page
/// (<see cref="ManageCookie"/>): storage keeps only its hash, so that is the only place it exists after the booking.
/// </summary>
public sealed record PageRequest(string? Language, StringValues AcceptLanguage, string? Zone, string? Manage = null)
{
    /// <summary>The <c>utm_*</c> parameters of the opened URL; the booking form posts them back with the booking.</summary>
    public IReadOnlyDictionary<string, string>? Utm { get; init; }

    public const string ManageCookie = "otl_manage";

    public static PageRequest FromQuery(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(
            request.Query["lang"].FirstOrDefault(), request.Headers.AcceptLanguage, request.Query["tz"].FirstOrDefault(), request.Cookies[ManageCookie])
        {
            Utm = Core.Bookings.UtmParameters.From(
                request.Query.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value.FirstOrDefault()))),
        };
    }
}
