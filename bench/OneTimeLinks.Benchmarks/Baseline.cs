using System.Diagnostics;
using System.Text.Json;

namespace OneTimeLinks.Benchmarks;

/// <summary>One operation's figures kept for a later run's "before" column.</summary>
internal sealed record BaselineOperation(double HttpP50, double StorageP50, double OwnWork, double CpuMicroseconds, double AllocatedBytes);

/// <summary>
/// The measured figures of a run that a later run shows beside its own (<c>--save-baseline</c>, <c>--baseline</c>):
/// own work, per-call cost, cold start and throughput, with the commit and the time they were measured at.
/// </summary>
internal sealed record Baseline(
    string Commit,
    DateTimeOffset Measured,
    string Load,
    double WorkerHopP50,
    Dictionary<string, BaselineOperation> Operations,
    Dictionary<string, double> Throughput,
    Dictionary<string, double> ColdStart)
{
    /// <summary>The profiles of book and open (none in a baseline saved before profiles were kept).</summary>
    public List<ProfileResult> Profiles { get; init; } = [];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Label => $"before ({Commit}, {Measured:yyyy-MM-dd HH:mm} UTC)";

    public static string ThroughputKey(string operation, int clients) => $"{operation} × {clients}";

    public static Baseline Of(Measurements m, string root, DateTimeOffset now, string load)
    {
        var hop = m.WorkerHop?.Http.P50 ?? double.NaN;
        return new Baseline(
            CommitOf(root),
            now,
            load,
            hop,
            m.OwnWork.ToDictionary(r => r.Operation, r => new BaselineOperation(r.Http.P50, r.Storage.P50, r.OwnWorkMilliseconds(hop), r.Cost.CpuMicroseconds, r.Cost.AllocatedBytes)),
            m.Throughput().ToDictionary(t => ThroughputKey(t.Operation, t.Clients), t => t.Result.PerSecond),
            m.ColdStarts.ToDictionary(c => c.Key, c => c.Value))
        {
            Profiles = m.Profiles,
        };
    }

    public static async Task<Baseline> ReadAsync(string path) =>
        JsonSerializer.Deserialize<Baseline>(await File.ReadAllTextAsync(path)) ?? throw new InvalidOperationException($"{path} holds no baseline.");

    public Task SaveAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, Indented) + Environment.NewLine);
    }

    /// <summary>The short id of HEAD, "+dirty" when the work tree has changes (the app may not be what was committed).</summary>
    public static string CommitOf(string root)
    {
        var sha = Git(root, "rev-parse --short HEAD");
        return Git(root, "status --porcelain --untracked-files=no").Length > 0 ? sha + "+dirty" : sha;
    }

    private static string Git(string root, string arguments)
    {
        using var git = Process.Start(new ProcessStartInfo("git", $"-C \"{root}\" {arguments}") { RedirectStandardOutput = true })!;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return output;
    }
}
