using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Functions.Http;

/// <summary>
/// The public routes (<c>/api/l/{token}</c>, <c>/api/m/{token}</c>) answer about one link or booking and may carry the
/// contact's or invitee's details: no shared or browser cache may keep them, in JSON as in HTML, or a cache could go on
/// serving "active" (or the details) after the link is used, revoked or the booking cancelled. Worker middleware, so
/// that no public function can forget it and no other function is touched.
/// </summary>
internal sealed class NoStoreOnCapabilityRoutes(IOptions<LinkOptions> links) : IFunctionsWorkerMiddleware
{
    private readonly PathString _linkPath = new(links.Value.LinkPath.TrimEnd('/'));
    private readonly PathString _managePath = new(links.Value.ManagePath.TrimEnd('/'));

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is { } http &&
            (http.Request.Path.StartsWithSegments(_linkPath) || http.Request.Path.StartsWithSegments(_managePath)))
        {
            http.Response.Headers.CacheControl = "no-store";
        }

        return next(context);
    }
}
