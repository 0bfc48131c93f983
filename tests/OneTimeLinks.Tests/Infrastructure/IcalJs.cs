using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>
/// ical.js (node_modules) as the independent reader of the .ics files the app writes: one node process per batch, the
/// files in as a JSON array, what the given script read out as JSON.
/// </summary>
internal static class IcalJs
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    /// <param name="script">Node code run with <c>process.argv[1]</c> the path of ical.js and <c>process.argv[2]</c> the JSON file of the inputs; it prints its readings as JSON.</param>
    public static List<T> Read<T>(string script, IReadOnlyList<string> files)
    {
        var icalJs = Path.Combine(RepositoryPaths.Root, "node_modules", "ical.js", "dist", "ical.es5.cjs");
        Assert.True(File.Exists(icalJs), $"ical.js is not installed ({icalJs} is missing). Run 'npm ci' in {RepositoryPaths.Root}.");
        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllText(input, JsonSerializer.Serialize(files), new UTF8Encoding(false));
            var start = new ProcessStartInfo("node")
            {
                ArgumentList = { "-e", script, icalJs, input },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
            };
            using var node = Process.Start(start)!;
            var stderr = node.StandardError.ReadToEndAsync();
            var output = node.StandardOutput.ReadToEnd();
            Assert.True(node.WaitForExit(60_000), "node did not finish.");
            Assert.True(node.ExitCode == 0, $"node failed: {stderr.Result}");
            return JsonSerializer.Deserialize<List<T>>(output, WebJson)!;
        }
        finally
        {
            File.Delete(input);
        }
    }
}
