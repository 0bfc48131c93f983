using OneTimeLinks.Core.Health;

namespace OneTimeLinks.Functions.Health;

/// <summary>
/// Liveness for load balancers and availability tests: 200 when the link table answers, 503 otherwise. Anonymous, so
/// the answer says nothing about the system beyond up or down.
/// </summary>
public sealed class HealthFunction(IHealthProbe probe)
{
    [Function("Health")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return await probe.IsHealthyAsync(cancellationToken)
            ? TypedResults.Json(new HealthResponse("healthy"), statusCode: StatusCodes.Status200OK)
            : TypedResults.Json(new HealthResponse("unhealthy"), statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

internal sealed record HealthResponse(string Status);
