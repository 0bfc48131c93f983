namespace OneTimeLinks.Tests.Infrastructure;

internal static class RepositoryPaths
{
    /// <summary>The repository root: the folder above the test binaries that holds package.json and the solution file.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "OneTimeLinks.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root (package.json next to OneTimeLinks.slnx).");
    }
}
