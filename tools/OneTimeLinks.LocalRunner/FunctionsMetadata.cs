using System.Globalization;
using System.Text.Json;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// One function's trigger as <c>functions.metadata</c> states it (the file the Functions SDK writes at build time and the
/// real host reads). Values are as declared: <c>%Setting%</c> references are not resolved.
/// </summary>
public sealed record FunctionMetadataEntry(
    string Name,
    string EntryPoint,
    string TriggerType,
    string? TriggerName = null,
    string? AuthLevel = null,
    IReadOnlyList<string>? Methods = null,
    string? Route = null,
    string? Schedule = null,
    bool? RunOnStartup = null,
    string? QueueName = null,
    string? Connection = null)
{
    public const string HttpTrigger = "httpTrigger";
    public const string TimerTrigger = "timerTrigger";
    public const string QueueTrigger = "queueTrigger";

    internal static FunctionMetadataEntry From(FunctionDescriptor function) => function.TriggerKind switch
    {
        FunctionTriggerKind.Http => new(function.Name, function.EntryPoint, HttpTrigger, function.TriggerParameterName,
            AuthLevel: function.Http!.AuthLevel.ToString(), Methods: function.Http.Methods, Route: function.Http.Route),
        FunctionTriggerKind.Timer => new(function.Name, function.EntryPoint, TimerTrigger, function.TriggerParameterName,
            Schedule: function.Timer!.Schedule, RunOnStartup: function.Timer.RunOnStartup),
        _ => new(function.Name, function.EntryPoint, QueueTrigger, function.TriggerParameterName,
            QueueName: function.Queue!.QueueName, Connection: function.Queue.Connection),
    };
}

/// <summary>Reads the build's <c>functions.metadata</c> and compares it with what the runner discovered.</summary>
public static class FunctionsMetadata
{
    /// <summary>Reads <c>bin/&lt;config&gt;/net10.0/functions.metadata</c> of the Functions project.</summary>
    public static IReadOnlyList<FunctionMetadataEntry> Load(string path) => Parse(File.ReadAllText(path));

    public static IReadOnlyList<FunctionMetadataEntry> Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var entries = new List<FunctionMetadataEntry>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var name = GetString(function, "name") ?? "";
            var entryPoint = GetString(function, "entryPoint") ?? "";
            var trigger = function.TryGetProperty("bindings", out var bindings)
                ? bindings.EnumerateArray().FirstOrDefault(b => (GetString(b, "type") ?? "").EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))
                : default;
            if (trigger.ValueKind != JsonValueKind.Object)
            {
                entries.Add(new FunctionMetadataEntry(name, entryPoint, ""));
                continue;
            }

            entries.Add(new FunctionMetadataEntry(
                name,
                entryPoint,
                GetString(trigger, "type") ?? "",
                TriggerName: GetString(trigger, "name"),
                AuthLevel: GetAuthLevel(trigger),
                Methods: trigger.TryGetProperty("methods", out var methods) && methods.ValueKind == JsonValueKind.Array
                    ? [.. methods.EnumerateArray().Select(m => (m.GetString() ?? "").ToUpperInvariant())]
                    : null,
                Route: GetString(trigger, "route"),
                Schedule: GetString(trigger, "schedule"),
                RunOnStartup: trigger.TryGetProperty("runOnStartup", out var runOnStartup) && runOnStartup.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? runOnStartup.GetBoolean()
                    : null,
                QueueName: GetString(trigger, "queueName"),
                Connection: GetString(trigger, "connection")));
        }

        return entries;
    }

    /// <summary>Every difference between two views of the app's functions; empty when they agree.</summary>
    public static IReadOnlyList<string> Compare(IEnumerable<FunctionMetadataEntry> discovered, IEnumerable<FunctionMetadataEntry> metadata)
    {
        ArgumentNullException.ThrowIfNull(discovered);
        ArgumentNullException.ThrowIfNull(metadata);
        var ours = discovered.ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);
        var theirs = metadata.ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);
        var differences = new List<string>();
        differences.AddRange(theirs.Keys.Except(ours.Keys, StringComparer.OrdinalIgnoreCase).Select(n => $"'{n}' is in functions.metadata but the runner did not discover it."));
        differences.AddRange(ours.Keys.Except(theirs.Keys, StringComparer.OrdinalIgnoreCase).Select(n => $"'{n}' was discovered by the runner but is not in functions.metadata."));
        foreach (var (name, a) in ours)
        {
            if (!theirs.TryGetValue(name, out var b))
            {
                continue;
            }

            void Differ(string what, object? runner, object? build)
            {
                differences.Add($"'{name}': {what} differs (runner: {Show(runner)}, functions.metadata: {Show(build)}).");
            }

            if (!string.Equals(a.EntryPoint, b.EntryPoint, StringComparison.Ordinal))
            {
                Differ("entryPoint", a.EntryPoint, b.EntryPoint);
            }

            if (!string.Equals(a.TriggerType, b.TriggerType, StringComparison.OrdinalIgnoreCase))
            {
                Differ("trigger type", a.TriggerType, b.TriggerType);
                continue;
            }

            if (a.TriggerName is not null && b.TriggerName is not null && !string.Equals(a.TriggerName, b.TriggerName, StringComparison.Ordinal))
            {
                Differ("trigger parameter name", a.TriggerName, b.TriggerName);
            }

            if (!string.Equals(a.AuthLevel, b.AuthLevel, StringComparison.OrdinalIgnoreCase))
            {
                Differ("authLevel", a.AuthLevel, b.AuthLevel);
            }

            var methodsA = (a.Methods ?? []).Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal).ToList();
            var methodsB = (b.Methods ?? []).Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal).ToList();
            if (!methodsA.SequenceEqual(methodsB))
            {
                Differ("methods", string.Join(",", methodsA), string.Join(",", methodsB));
            }

            if (!string.Equals(NullIfEmpty(a.Route), NullIfEmpty(b.Route), StringComparison.Ordinal))
            {
                Differ("route", a.Route, b.Route);
            }

            if (!string.Equals(a.Schedule, b.Schedule, StringComparison.Ordinal))
            {
                Differ("schedule", a.Schedule, b.Schedule);
            }

            if ((a.RunOnStartup ?? false) != (b.RunOnStartup ?? false))
            {
                Differ("runOnStartup", a.RunOnStartup, b.RunOnStartup);
            }

            if (!string.Equals(a.QueueName, b.QueueName, StringComparison.Ordinal))
            {
                Differ("queueName", a.QueueName, b.QueueName);
            }

            if (!string.Equals(NullIfEmpty(a.Connection), NullIfEmpty(b.Connection), StringComparison.Ordinal))
            {
                Differ("connection", a.Connection, b.Connection);
            }
        }

        return differences;
    }

    private static string Show(object? value) => value is null ? "(none)" : $"'{Convert.ToString(value, CultureInfo.InvariantCulture)}'";

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The SDK writes the enum name ("Function"); accept its number too.</summary>
    private static string? GetAuthLevel(JsonElement trigger)
    {
        if (!trigger.TryGetProperty("authLevel", out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number
            ? ((Microsoft.Azure.Functions.Worker.AuthorizationLevel)value.GetInt32()).ToString()
            : value.GetString();
    }
}
