
namespace OneTimeLinks.LocalRunner;

/// <summary>
/// host.json as the runner uses it: the file (the WebJobs host reads <c>extensions.queues</c> and the rest from it) and
/// <c>extensions.http.routePrefix</c>. Like the host, app settings <c>AzureFunctionsJobHost__x__y</c> override the file.
/// </summary>
public sealed record HostJson(string Path, string RoutePrefix, string QueueMessageEncoding)
{
    /// <summary>The host's configuration root for host.json; app settings under it override the file.</summary>
    public const string Section = "AzureFunctionsJobHost";

    /// <summary>Reads <paramref name="path"/>; "api" when no prefix is set, empty for none.</summary>
    /// <exception cref="LocalRunnerStartupException">The file is missing or not JSON.</exception>
    public static HostJson Load(string path, IConfiguration appSettings)
    {
        ArgumentNullException.ThrowIfNull(appSettings);
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new LocalRunnerStartupException($"host.json was not found at '{full}'. Set LocalRunner:HostJsonPath to the app's host.json.");
        }

        try
        {
            var settings = new ConfigurationBuilder().AddJsonFile(full, optional: false, reloadOnChange: false)
                .AddInMemoryCollection(appSettings.GetSection(Section).AsEnumerable(makePathsRelative: true))
                .Build();
            return new HostJson(full, (settings["extensions:http:routePrefix"] ?? "api").Trim('/'), settings["extensions:queues:messageEncoding"] ?? "base64");
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            throw new LocalRunnerStartupException($"{full} is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>host.json's settings under <see cref="Section"/>, as the host's configuration holds them.</summary>
    public IEnumerable<KeyValuePair<string, string?>> AsJobHostSettings() =>
        new ConfigurationBuilder().AddJsonFile(Path, optional: false, reloadOnChange: false).Build()
            .AsEnumerable(makePathsRelative: true)
            .Select(pair => KeyValuePair.Create($"{Section}:{pair.Key}", pair.Value));
}
