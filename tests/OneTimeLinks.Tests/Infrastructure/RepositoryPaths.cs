namespace OneTimeLinks.Tests.Infrastructure;

internal static class RepositoryPaths
{
    /// <summary>The repository root: the folder above the test binaries that holds package.json and host.json.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "host.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (package.json next to host.json).");
    }
}
