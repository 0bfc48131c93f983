namespace OneTimeLinks.Tests.Deployment;

/// <summary>
/// Finds the repository and the compiled infrastructure that the deployment tests read. The test binaries run from
/// bin/&lt;config&gt;/net10.0, so the repository root is found by walking up to the folder that holds azure.yaml and infra/.
/// </summary>
internal static class DeploymentFiles
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string InRepository(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The ARM template that scripts/build-infra.sh compiles from infra/main.bicep.</summary>
    public static JsonObject CompiledTemplate() => ReadCompiled("main.json");

    /// <summary>The parameters that scripts/build-infra.sh compiles from infra/main.bicepparam.</summary>
    public static JsonObject CompiledParameters() => ReadCompiled("main.parameters.json");

    private static JsonObject ReadCompiled(string file)
    {
        var path = InRepository("artifacts", "infra", file);
        if (!File.Exists(path))
        {
            // The template is compiled outside the test run (Bicep comes from its own NuGet package), so say how.
            Assert.Fail($"{path} is missing: run 'bash scripts/build-infra.sh' (scripts/test.sh runs it before the tests).");
        }

        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "azure.yaml")) && Directory.Exists(Path.Combine(directory.FullName, "infra")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds azure.yaml and infra/: the tests must run inside the repository.");
    }
}
