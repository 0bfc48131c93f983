namespace OneTimeLinks.Functions.Assets;

/// <summary>Serves the public pages' CSS and script (no CDN, no external fonts). Anonymous: they hold nothing secret.</summary>
public sealed class AssetFunctions(AssetCatalog assets)
{
    [Function("GetAsset")]
    public IResult Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{name}")] HttpRequest request,
        string name) =>
        assets.TryGet(name, out var asset) ? new AssetResult(asset) : new AssetNotFoundResult();
}

/// <summary>An asset with a year of caching: its name changes whenever its content does.</summary>
internal sealed class AssetResult(Asset asset) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ETag = asset.ETag;
        if (request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        await response.Body.WriteAsync(asset.Content, httpContext.RequestAborted);
    }
}

internal sealed class AssetNotFoundResult : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status404NotFound;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync("Not found.", httpContext.RequestAborted);
    }
}
