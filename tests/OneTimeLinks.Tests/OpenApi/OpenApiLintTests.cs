using System.Diagnostics;

namespace OneTimeLinks.Tests.OpenApi;

/// <summary>
/// The OpenAPI document through the linters generated-client users meet: Redocly CLI's recommended rules and
/// Spectral's spectral:oas, both from package.json (npm ci), configured by redocly.yaml, .redocly.lint-ignore.yaml and
/// .spectral.yaml at the repository root. Zero errors and zero warnings; each rule turned off or ignored is explained in
/// docs/openapi.md. Neither linter needs the network (telemetry and update checks are off).
/// </summary>
public sealed class OpenApiLintTests
{
    private const string DocumentRelativePath = "OneTimeLinks.Functions/OpenApi/openapi.json";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Redocly_RecommendedRules_NoErrorsOrWarnings()
    {
        // Act
        var totals = await RedoclyTotalsAsync(DocumentRelativePath);

        // Assert
        Assert.True(totals.Errors == 0 && totals.Warnings == 0, $"Redocly: {totals.Errors} errors, {totals.Warnings} warnings.{Environment.NewLine}{totals.Output}");
    }

    [Fact]
    public async Task Redocly_AnOperationWithoutSecurity_IsAnError()
    {
        // Arrange: proves the lint can fail.
        var broken = LoadDocument();
        broken["paths"]!["/api/health"]!["get"]!.AsObject().Remove("security");
        var path = await WriteTemporaryAsync(broken);

        // Act
        var totals = await RedoclyTotalsAsync(path);
        File.Delete(path);

        // Assert
        Assert.True(totals.Errors > 0, totals.Output);
    }

    [Fact]
    public async Task Spectral_OasRules_NoWarnings()
    {
        // Act
        var (exitCode, output) = await SpectralAsync(DocumentRelativePath);

        // Assert
        Assert.True(exitCode == 0, $"Spectral (exit {exitCode}):{Environment.NewLine}{output}");
    }

    [Fact]
    public async Task Spectral_AnOperationWithoutOperationId_IsAWarning()
    {
        // Arrange: proves the lint can fail.
        var broken = LoadDocument();
        broken["paths"]!["/api/health"]!["get"]!.AsObject().Remove("operationId");
        var path = await WriteTemporaryAsync(broken);

        // Act
        var (exitCode, output) = await SpectralAsync(path);
        File.Delete(path);

        // Assert
        Assert.True(exitCode != 0, output);
    }

    private static JsonObject LoadDocument() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, DocumentRelativePath)))!.AsObject();

    private static async Task<string> WriteTemporaryAsync(JsonObject document)
    {
        var path = Path.Combine(Path.GetTempPath(), $"openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, document.ToJsonString());
        return path;
    }

    private static async Task<(int Errors, int Warnings, string Output)> RedoclyTotalsAsync(string document)
    {
        var (exitCode, output, errors) = await NodeAsync(
            Path.Combine("node_modules", "@redocly", "cli", "bin", "cli.js"), "lint", document, "--config", "redocly.yaml", "--format", "json");
        var start = output.IndexOf('{', StringComparison.Ordinal);
        Assert.True(start >= 0, $"Redocly printed no report (exit {exitCode}): {output}{errors}");
        var totals = JsonNode.Parse(output[start..])!["totals"]!;
        return (totals["errors"]!.GetValue<int>(), totals["warnings"]!.GetValue<int>(), output);
    }

    private static async Task<(int ExitCode, string Output)> SpectralAsync(string document)
    {
        var (exitCode, output, errors) = await NodeAsync(
            Path.Combine("node_modules", "@stoplight", "spectral-cli", "dist", "index.js"),
            "lint", document, "--ruleset", ".spectral.yaml", "--fail-severity", "warn");
        return (exitCode, output + errors);
    }

    /// <summary>Runs a package's script with node in the repository root; reports go to stdout, banners to stderr.</summary>
    private static async Task<(int ExitCode, string Output, string Errors)> NodeAsync(string script, params string[] arguments)
    {
        var scriptPath = Path.Combine(RepositoryPaths.Root, script);
        if (!File.Exists(scriptPath))
        {
            throw new InvalidOperationException($"{scriptPath} is missing. Run 'npm ci' in {RepositoryPaths.Root}.");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["REDOCLY_TELEMETRY"] = "off",
                ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
                ["NO_COLOR"] = "1",
            },
        };
        start.ArgumentList.Add(scriptPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
