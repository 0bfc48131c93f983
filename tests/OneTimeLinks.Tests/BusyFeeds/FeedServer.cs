using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace OneTimeLinks.Tests.BusyFeeds;

/// <summary>One request the feed server got: its path and the conditional headers it carried.</summary>
public sealed record FeedRequest(string Path, string? IfNoneMatch, string? IfModifiedSince);

/// <summary>
/// A real Kestrel server on 127.0.0.1 serving feeds the way a calendar host does: the current text with an ETag and
/// Last-Modified, 304 to a matching conditional GET, or whatever the test's <see cref="Respond"/> says instead.
/// </summary>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<FeedRequest> _requests = new();
    private LoopbackServer _server = null!;

    private FeedServer()
    {
    }

    /// <summary>The feed's text; its ETag is derived from it, so changing it changes the ETag.</summary>
    public string Ics { get; set; } = "";

    /// <summary>When set, answers every request instead of the feed.</summary>
    public Func<HttpContext, Task>? Respond { get; set; }

    public Uri BaseUrl => _server.BaseUrl;

    public IReadOnlyList<FeedRequest> Requests => [.. _requests];

    public static async Task<FeedServer> StartAsync()
    {
        var server = new FeedServer();
        server._server = await LoopbackServer.StartAsync(server.HandleAsync);
        return server;
    }

    public Uri Url(string path = "/calendar/basic.ics") => new(BaseUrl, path);

    private async Task HandleAsync(HttpContext context)
    {
        _requests.Enqueue(new FeedRequest(context.Request.Path, context.Request.Headers.IfNoneMatch.FirstOrDefault(), context.Request.Headers.IfModifiedSince.FirstOrDefault()));
        if (Respond is { } respond)
        {
            await respond(context);
            return;
        }

        var etag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Ics)))[..16]}\"";
        if (context.Request.Headers.IfNoneMatch == etag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = "text/calendar; charset=utf-8";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.LastModified = "Sun, 01 Mar 2026 12:00:00 GMT";
        await context.Response.WriteAsync(Ics);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
