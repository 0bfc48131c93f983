using System.Text.RegularExpressions;

namespace OneTimeLinks.Tests.Deployment;

/// <summary>
/// A read-only view of the ARM template that Bicep compiles from infra/main.bicep: every resource, also those inside
/// module deployments (Microsoft.Resources/deployments with an inline template), each with the template it sits in, so
/// a value such as <c>[parameters('x')]</c> can be followed up to the value the deployment passes in.
/// </summary>
internal sealed partial class CompiledTemplate
{
    private readonly JsonObject _parameterValues;

    public CompiledTemplate(JsonObject template, JsonObject parameterFile)
    {
        Root = new TemplateScope(template, null, null, "main");
        _parameterValues = parameterFile["parameters"]?.AsObject() ?? [];
        Resources = Collect(Root).ToList();
    }

    public TemplateScope Root { get; }

    public IReadOnlyList<TemplateResource> Resources { get; }

    public static CompiledTemplate Load() => new(DeploymentFiles.CompiledTemplate(), DeploymentFiles.CompiledParameters());

    public IEnumerable<TemplateResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every template (main and each module) with its parameter declarations.</summary>
    public IEnumerable<TemplateScope> Scopes() => Resources.Select(r => r.Scope).Append(Root).Distinct();

    /// <summary>
    /// Follows <c>[parameters('name')]</c> to what the enclosing deployment passes in, up to main.bicep, where the
    /// compiled main.bicepparam value (or else the parameter's default) is the answer. Anything else comes back as is.
    /// </summary>
    public JsonNode? Resolve(JsonNode? value, TemplateScope scope)
    {
        while (value is JsonValue text && text.TryGetValue<string>(out var s) && ParameterReference().Match(s) is { Success: true } match)
        {
            var name = match.Groups[1].Value;
            if (scope.Parent is null)
            {
                return _parameterValues[name]?["value"] ?? scope.Parameter(name)?["defaultValue"];
            }

            value = scope.Passed(name);
            scope = scope.Parent;
        }

        return value;
    }

    /// <summary>The name of the parameter a value is, when it is exactly <c>[parameters('name')]</c>.</summary>
    public static string? ParameterName(JsonNode? value) =>
        value is JsonValue text && text.TryGetValue<string>(out var s) && ParameterReference().Match(s) is { Success: true } match
            ? match.Groups[1].Value
            : null;

    /// <summary>Every property of a JSON tree with its path, for checks that a property appears nowhere.</summary>
    public static IEnumerable<(string Path, string Name, JsonNode? Value)> Properties(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    var inner = $"{path}.{name}";
                    yield return (inner, name, value);
                    foreach (var nested in Properties(value, inner))
                    {
                        yield return nested;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var nested in Properties(a[i], $"{path}[{i}]"))
                    {
                        yield return nested;
                    }
                }

                break;
        }
    }

    private static IEnumerable<TemplateResource> Collect(TemplateScope scope)
    {
        // Bicep emits languageVersion 2.0 templates, whose resources are an object keyed by symbolic name; older
        // templates use an array. Both are read.
        var resources = scope.Template["resources"] switch
        {
            JsonObject byName => byName.Select(p => (p.Key, p.Value as JsonObject)),
            JsonArray list => list.Select((r, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), r as JsonObject)),
            _ => [],
        };

        foreach (var (name, resource) in resources)
        {
            if (resource is null)
            {
                continue;
            }

            var found = new TemplateResource(name, resource, scope);
            yield return found;
            if (found.Type == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject inner)
            {
                var child = new TemplateScope(inner, resource["properties"]?["parameters"] as JsonObject, scope, $"{scope.Path}/{name}");
                foreach (var nested in Collect(child))
                {
                    yield return nested;
                }
            }
        }
    }

    [GeneratedRegex(@"^\[parameters\('([^']+)'\)\]$")]
    private static partial Regex ParameterReference();
}

/// <summary>One template (main.bicep, or a module) and the parameter values its deployment passes in.</summary>
internal sealed record TemplateScope(JsonObject Template, JsonObject? DeploymentParameters, TemplateScope? Parent, string Path)
{
    public JsonObject? Parameter(string name) => Template["parameters"]?[name] as JsonObject;

    public JsonObject Variables => Template["variables"] as JsonObject ?? [];

    /// <summary>
    /// What the deployment passes for a parameter: { "value": ... }, or one expression that builds that object (Bicep
    /// writes a conditional value as [if(cond, createObject('value', a), createObject('value', b))]).
    /// </summary>
    public JsonNode? Passed(string name) => DeploymentParameters?[name] is JsonObject entry ? entry["value"] : DeploymentParameters?[name];
}

/// <summary>One resource of a template, with the template it sits in.</summary>
internal sealed record TemplateResource(string Name, JsonObject Body, TemplateScope Scope)
{
    public string Type => Body["type"]!.GetValue<string>();

    public JsonNode? Properties => Body["properties"];

    public string Where => $"{Scope.Path}/{Name} ({Type})";
}
