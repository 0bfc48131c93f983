using System.Globalization;
using System.Text.RegularExpressions;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OneTimeLinks.Tests.Deployment;

/// <summary>
/// azure.yaml against a JSON Schema of the azd fields this repository uses (azure-yaml.schema.json beside this file,
/// written here and checked against azd's published schema, whose version its $comment names), and each hook against
/// the script it runs. azd reads the file only when someone deploys; a typo would surface there, not in CI.
/// </summary>
public sealed partial class AzureYamlSchemaTests
{
    private static readonly string AzureYamlPath = DeploymentFiles.InRepository("azure.yaml");

    private static readonly string SchemaPath = DeploymentFiles.InRepository("tests", "OneTimeLinks.Tests", "Deployment", "azure-yaml.schema.json");

    [Fact]
    public void AzureYaml_AgainstSchema_IsValid()
    {
        var schema = JsonSchema.FromFile(SchemaPath);

        var result = schema.Evaluate(YamlToJson(File.ReadAllText(AzureYamlPath)), new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, "azure.yaml does not match azure-yaml.schema.json:" + Environment.NewLine + Errors(result));
    }

    [Theory]
    [InlineData("interactive: true", "interactive: yes please")]
    [InlineData("continueOnError: false", "continueOnErorr: false")]
    [InlineData("host: function", "host: functions")]
    [InlineData("name: onetimelinks", "name: OneTimeLinks")]
    public void AzureYaml_WithAMistake_IsRejected(string correct, string mistake)
    {
        // The schema must catch what azd would refuse or silently ignore, or the first test proves nothing.
        var text = File.ReadAllText(AzureYamlPath);
        Assert.Contains(correct, text, StringComparison.Ordinal);
        var schema = JsonSchema.FromFile(SchemaPath);

        var result = schema.Evaluate(YamlToJson(text.Replace(correct, mistake, StringComparison.Ordinal)));

        Assert.False(result.IsValid);
    }

    [Fact]
    public void Hooks_EveryScript_ExistsAndRunsUnderBash()
    {
        // Each hook is an inline "bash ./scripts/<name>.sh" (shell: sh), run from the project folder; the script it
        // names must be in the repository (scripts/check-scripts.sh lints the same list with bash -n and shellcheck).
        var hooks = YamlToJson(File.ReadAllText(AzureYamlPath))["hooks"]!.AsObject();
        Assert.NotEmpty(hooks);

        foreach (var (name, hook) in hooks)
        {
            var run = hook!["run"]!.GetValue<string>();
            var match = HookCommand().Match(run);
            Assert.True(match.Success, $"Hook {name} runs '{run}': expected 'bash ./scripts/<name>.sh'.");
            Assert.True(File.Exists(DeploymentFiles.InRepository(match.Groups[1].Value.Split('/'))), $"Hook {name} runs {match.Groups[1].Value}, which does not exist.");
            Assert.Equal("sh", hook["shell"]?.GetValue<string>());
            // Progress of a hook that waits for Azure must reach the console (interactive binds stdout and stderr).
            Assert.True(hook["interactive"]?.GetValue<bool>(), $"Hook {name} is not interactive: its progress would not show.");
            Assert.False(hook["continueOnError"]?.GetValue<bool>() ?? false, $"Hook {name} may fail without failing azd.");
        }
    }

    /// <summary>YAML to JSON for the schema: plain scalars true/false, null and numbers become JSON values, the rest strings.</summary>
    private static JsonNode YamlToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents.Single().RootNode)!;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType} at {node.Start}."),
    };

    // YAML 1.2 core schema: true/false, null/~/empty, integers and floats are not strings.
    private static JsonValue? Plain(string value) => value switch
    {
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        "" or "~" or "null" or "Null" or "NULL" => null,
        _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
        _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ => JsonValue.Create(value),
    };

    private static string Errors(EvaluationResults result) =>
        string.Join(Environment.NewLine, result.Details
            .Where(d => d.HasErrors)
            .SelectMany(d => d.Errors!.Select(e => $"  {d.InstanceLocation}: {e.Value}")));

    [GeneratedRegex(@"^bash \./(scripts/[A-Za-z0-9_.-]+\.sh)$")]
    private static partial Regex HookCommand();
}
