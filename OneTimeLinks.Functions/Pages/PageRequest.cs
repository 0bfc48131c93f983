using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// What the invitee's request says about how to show a page: the explicit language (<c>?lang=</c> or the form's
/// <c>lang</c> field), the browser's Accept-Language, and the time zone chosen (<c>?tz=</c> or the form's).
/// </summary>
public sealed record PageRequest(string? Language, StringValues AcceptLanguage, string? Zone)
{
    public static PageRequest FromQuery(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request.Query["lang"].FirstOrDefault(), request.Headers.AcceptLanguage, request.Query["tz"].FirstOrDefault());
    }
}
