using System.Diagnostics.CodeAnalysis;

namespace OneTimeLinks.Functions.OpenApi;

/// <summary>
/// Serves the OpenAPI 3.1 description of the HTTP API (OpenApi/openapi.json, embedded in the assembly) for client
/// generators and connector imports. Anonymous: it describes the API, not its data.
/// </summary>
public sealed class OpenApiFunction
{
    [Function("GetOpenApiDocument")]
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Function classes are instantiated per invocation like every other.")]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        TypedResults.Bytes(OpenApiDocument.Content, "application/json");
}
