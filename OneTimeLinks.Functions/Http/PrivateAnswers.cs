using Microsoft.AspNetCore.Http;

namespace OneTimeLinks.Functions.Http;

/// <summary>
/// The public routes (<c>/api/l/{token}</c>, <c>/api/m/{token}</c>) answer about one link or booking and may carry the
/// contact's or invitee's details: no shared or browser cache may keep them, in JSON as in HTML, or a cache could go on
/// serving "active" (or the details) after the link is used, revoked or the booking cancelled.
/// </summary>
internal static class PrivateAnswers
{
    public static void NoStore(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
    }
}
