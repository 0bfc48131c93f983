using System.Diagnostics;
using OneTimeLinks.Benchmarks;

// dotnet run -c Release --project bench/OneTimeLinks.Benchmarks [-- [--quick] [--profile] [--save-baseline <file>] [--baseline <file>]]
//   [--webhooks-only | --feeds-only | --only <round-trips,own-work,throughput,cold-start,profile,history,races,sweep,batches,webhooks,feeds>]
// Starts Azurite and the local runner itself (loopback only), measures everything in one process and one run, prints
// the report and writes docs/benchmarks.md. --quick: smaller sizes and no cold start (CI-sized). --profile: CPU samples
// of book and open with the local dotnet-trace (the full mode takes them anyway). --save-baseline writes this run's
// figures as JSON; --baseline shows a saved run's figures as "before" columns. --webhooks-only measures the webhook
// row alone and only prints it; --feeds-only likewise the iCalendar feed rows; --only those of the listed sections
// (cold start with one run in quick mode).
var quick = args.Contains("--quick");
var profile = args.Contains("--profile") || !quick;
var webhooksOnly = args.Contains("--webhooks-only");
var feedsOnly = args.Contains("--feeds-only");
var saveBaseline = ValueOf("--save-baseline");
var root = FindRoot();
var before = ValueOf("--baseline") is { } baselineFile ? await Baseline.ReadAsync(baselineFile) : null;
var command = "dotnet run -c Release --project bench/OneTimeLinks.Benchmarks" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
var loadAtStart = LoadAverage();
var clock = Stopwatch.StartNew();
using var azurite = await AzuriteProcess.StartAsync(root);
var m = new Measurements(azurite.ConnectionString, quick ? BenchSizes.Quick : BenchSizes.Full,
    step => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {step}"));
if (webhooksOnly)
{
    await m.WebhooksAsync();
    Console.WriteLine(Report.WebhookSection(m.Webhooks!));
    return 0;
}

// The long sections, after the figures a later run compares with; each may fail alone without ending the run.
var longSections = new (string Name, Func<Task> Measure)[]
{
    ("history", m.HistoryAsync), ("races", m.RacesAsync), ("sweep", m.SweepsAsync), ("batches", m.BatchesAsync),
    ("webhooks", m.WebhooksAsync), ("feeds", m.FeedsAsync),
};
var failures = new List<string>();

if (ValueOf("--only") is { } only)
{
    var sections = only.Split(',');
    await (sections.Contains("round-trips") ? m.RoundTripsAsync() : Task.CompletedTask);
    await (sections.Contains("own-work") || sections.Contains("throughput") ? m.OwnWorkAsync() : Task.CompletedTask);
    await (sections.Contains("throughput") ? m.LatencyAsync() : Task.CompletedTask);
    await (sections.Contains("cold-start") ? m.ColdStartAsync(root, runs: quick ? 1 : 5) : Task.CompletedTask);
    await (sections.Contains("profile") ? m.ProfileAsync(root) : Task.CompletedTask);
    await MeasureLongSectionsAsync(longSections.Where(s => sections.Contains(s.Name)));
    Console.WriteLine(Report.Sections(m, before));
    return 0;
}

if (feedsOnly)
{
    await m.FeedsAsync();
    Console.WriteLine(Report.FeedsSection(m.BusyFeedRefresh!, m.BookingFeed!));
    return 0;
}

await m.RoundTripsAsync();
await m.FloorAsync();
await m.OwnWorkAsync();
await m.LatencyAsync();
if (!quick)
{
    await m.ColdStartAsync(root, runs: 5);
}

if (profile)
{
    await m.ProfileAsync(root);
}

// The figures a later run compares with are all measured by now: kept before the long sections, which a crash of the
// emulator on a loaded machine would otherwise take with them.
if (saveBaseline is not null)
{
    await Baseline.Of(m, root, TimeProvider.System.GetUtcNow(), loadAtStart).SaveAsync(saveBaseline);
}

await MeasureLongSectionsAsync(longSections);

var run = new RunInfo(command, quick, clock.Elapsed, Baseline.CommitOf(root), loadAtStart, LoadAverage(), before, failures);
var report = Report.Write(m, run);
Console.WriteLine(report);
await File.WriteAllTextAsync(Path.Combine(root, "docs", "benchmarks.md"), report);

return 0;

async Task MeasureLongSectionsAsync(IEnumerable<(string Name, Func<Task> Measure)> sections)
{
    foreach (var (section, measure) in sections)
    {
        try
        {
            await measure();
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or AggregateException or Azure.RequestFailedException or TaskCanceledException)
        {
            failures.Add($"{section}: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
            Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {section} failed: {e.Message}");
        }
    }
}

string? ValueOf(string option)
{
    var at = Array.IndexOf(args, option);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

// The 1-, 5- and 15-minute load averages, as `uptime` prints them.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OneTimeLinks.slnx")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}
