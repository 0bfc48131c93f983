using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// One function as the build's <c>functions.metadata</c> declares it: the file the Functions SDK writes from the function
/// attributes and the host loads. It is the runner's only model of the app; values are as declared (<c>%Setting%</c>
/// references unresolved).
/// </summary>
public sealed record FunctionMetadata(string Name, string ScriptFile, string EntryPoint, IReadOnlyList<JsonObject> Bindings)
{
    public const string HttpTrigger = "httpTrigger";
    public const string TimerTrigger = "timerTrigger";
    public const string QueueTrigger = "queueTrigger";

    public JsonObject Trigger => Bindings.FirstOrDefault(b => Get(b, "type")?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true)
        ?? throw new LocalRunnerStartupException($"Function '{Name}' declares no trigger.");

    public string TriggerType => Get(Trigger, "type")!;

    public string TriggerName => Get(Trigger, "name") ?? "";

    public bool IsHttp => TriggerType.Equals(HttpTrigger, StringComparison.OrdinalIgnoreCase);

    /// <summary>The route under host.json's prefix; the function's name when none is declared, as in the host.</summary>
    public string Route => Get(Trigger, "route") ?? Name;

    /// <summary>Upper-case methods; empty means every method.</summary>
    public IReadOnlyList<string> Methods =>
        Trigger["methods"] is JsonArray methods ? [.. methods.Select(m => m!.GetValue<string>().ToUpperInvariant())] : [];

    /// <summary>The SDK writes the enum name ("Function"); its number is accepted too.</summary>
    public AuthorizationLevel AuthLevel => Trigger["authLevel"] switch
    {
        JsonValue value when value.TryGetValue<int>(out var number) => (AuthorizationLevel)number,
        JsonValue value => Enum.Parse<AuthorizationLevel>(value.GetValue<string>(), ignoreCase: true),
        _ => AuthorizationLevel.Function,
    };

    public string? Schedule => Get(Trigger, "schedule");

    public bool RunOnStartup => Trigger["runOnStartup"] is JsonValue value && value.GetValue<bool>();

    public string? QueueName => Get(Trigger, "queueName");

    /// <summary>The setting that holds the trigger's storage connection.</summary>
    public string Connection => ConnectionOf(Trigger);

    /// <summary>Whether the trigger's value is sent as bytes (<c>dataType: Binary</c>) rather than a string.</summary>
    public bool TriggerIsBinary => string.Equals(Get(Trigger, "dataType"), "Binary", StringComparison.OrdinalIgnoreCase);

    /// <summary>The setting that holds a storage binding's connection; the host's default is AzureWebJobsStorage.</summary>
    internal static string ConnectionOf(JsonObject binding) =>
        Get(binding, "connection") is { Length: > 0 } connection ? connection : "AzureWebJobsStorage";

    /// <summary>A declared value with a <c>%Setting%</c> reference resolved from the app settings; null when the setting is unset.</summary>
    internal static string? Resolve(string declared, IConfiguration settings) =>
        declared.Length > 2 && declared[0] == '%' && declared[^1] == '%' ? settings[declared[1..^1]] : declared;

    internal static string? Get(JsonObject binding, string name) =>
        binding[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>Reads the build's <c>functions.metadata</c>.</summary>
public static class FunctionsMetadata
{
    public const string FileName = "functions.metadata";

    /// <exception cref="LocalRunnerStartupException">The file is missing or not the SDK's shape.</exception>
    public static IReadOnlyList<FunctionMetadata> Load(string appDirectory)
    {
        var path = Path.Combine(appDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new LocalRunnerStartupException($"{path} was not found: build OneTimeLinks.Functions (its SDK writes the file).");
        }

        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new LocalRunnerStartupException($"{path} is not valid function metadata: {ex.Message}", ex);
        }
    }

    public static IReadOnlyList<FunctionMetadata> Parse(string json)
    {
        var functions = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip })
            as JsonArray ?? throw new InvalidOperationException("Expected a JSON array of functions.");
        return
        [
            .. functions.OfType<JsonObject>().Select(f => new FunctionMetadata(
                FunctionMetadata.Get(f, "name") ?? throw new InvalidOperationException("A function has no name."),
                FunctionMetadata.Get(f, "scriptFile") ?? "",
                FunctionMetadata.Get(f, "entryPoint") ?? "",
                f["bindings"] is JsonArray bindings ? [.. bindings.OfType<JsonObject>()] : [])),
        ];
    }
}
