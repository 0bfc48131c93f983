using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneTimeLinks.Core.BookingFeeds;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Panel;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.WorkflowRequests;

namespace OneTimeLinks.Functions.Hosting;

/// <summary>
/// What the Functions host decides and Core is told rather than assumes: the host's storage connection, the name of the
/// queue it moves failed messages to, and where the public pages are routed (host.json's route prefix, then the page
/// functions' routes). Kept together so a change to the host's conventions is made here only.
/// </summary>
public static class HostConventions
{
    /// <summary>The host's own storage connection (queue triggers and their poison queues); the app's storage falls back to it.</summary>
    public const string StorageConnectionSetting = "AzureWebJobsStorage";

    /// <summary>The host moves a queue message that failed <c>maxDequeueCount</c> times to this queue.</summary>
    public const string PoisonQueueSuffix = "-poison";

    /// <summary>host.json's <c>extensions.http.routePrefix</c> (a test holds the two equal).</summary>
    public const string RoutePrefix = "api";

    /// <summary>The first segment of the invitee's link routes (<c>l/{token}</c>, InviteeBooking/BookingFunctions).</summary>
    public const string LinkRouteSegment = "l";

    /// <summary>The first segment of the invitee's manage routes (<c>m/{token}</c>, InviteeManage/ManageFunctions).</summary>
    public const string ManageRouteSegment = "m";

    /// <summary>The first segment of the booking feed route (<c>feeds/{file}</c>, BookingFeeds/BookingFeedFunctions).</summary>
    public const string FeedRouteSegment = "feeds";
    /// <summary>The first segment of the owner's panel routes (<c>panel/{token}</c>, Panel/).</summary>
    public const string PanelRouteSegment = "panel";

    /// <summary>The absolute path of a function's route, as a <c>Location</c> header or a page names it.</summary>
    public static string PathOf(string route) => $"/{RoutePrefix}/{route}";

    public static IServiceCollection AddHostConventions(this IServiceCollection services, IConfiguration configuration)
    {
        services.PostConfigure<StorageOptions>(o => o.ConnectionString ??= configuration[StorageConnectionSetting]);
        services.PostConfigure<WorkflowRequestOptions>(o => o.PoisonQueueName = o.QueueName + PoisonQueueSuffix);
        services.PostConfigure<LinkOptions>(o =>
        {
            o.LinkPath = PathOf(LinkRouteSegment + "/");
            o.ManagePath = PathOf(ManageRouteSegment + "/");
        });
        services.PostConfigure<BookingFeedOptions>(o => o.FeedPath = PathOf(FeedRouteSegment + "/"));
        services.PostConfigure<PanelOptions>(o => o.PanelPath = PathOf(PanelRouteSegment + "/"));
        return services;
    }
}
