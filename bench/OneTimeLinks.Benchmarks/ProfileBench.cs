using Microsoft.Extensions.DependencyInjection;
using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Benchmarks;

/// <summary>
/// CPU samples of this process (service and client) while it runs a loop of books, then a loop of opens, with the
/// repository's local dotnet-trace; the top frames of each by inclusive time, as <c>dotnet-trace report … topN</c> gives them.
/// </summary>
internal static class ProfileBench
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(8);

    public static string Description =>
        $"`dotnet-trace collect -p <this process> --profile dotnet-sampled-thread-time --duration {Duration:hh\\:mm\\:ss}` (the local tool of " +
        "`.config/dotnet-tools.json`; EventPipe's sample profiler, about 100 stacks a second of every managed thread) while one client " +
        "books fresh links, then opens a link (JSON), over and over; then `dotnet-trace report <trace> topN -n 10 --inclusive`, as it " +
        "prints it. Inclusive time counts every sampled thread, waiting ones too, so the thread-pool and socket frames lead; the " +
        "app's own frames follow.";

    public static async Task<List<(string Loop, List<string> Frames)>> RunAsync(string root, string connectionString, Action<string> progress)
    {
        await using var app = await BenchApp.StartAsync(connectionString);
        await app.CreateCalendarAsync("prof");
        await app.CreateCalendarAsync("prof-open", wide: false);
        var (toOpen, _) = await app.GenerateAsync("prof-open");
        var slot = 0;
        var loops = new (string Name, Func<Task> Call)[]
        {
            ("book (POST …/book, a fresh link each)", async () => await app.BookAsync((await app.GenerateAsync("prof")).Url, BenchApp.Slot(slot++))),
            ("open (JSON)", () => app.OpenAsync(toOpen)),
        };
        var profiles = new List<(string, List<string>)>();
        foreach (var (name, call) in loops)
        {
            progress($"profile: {name}");
            var file = Path.Combine(Path.GetTempPath(), $"otl-profile-{Guid.NewGuid():N}.nettrace");
            try
            {
                var collect = ColdStartBench.RunToEndAsync("dotnet", [
                    "tool", "run", "dotnet-trace", "--", "collect", "-p", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--profile", "dotnet-sampled-thread-time", "--duration", Duration.ToString(@"dd\:hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture), "-o", file], root);
                while (!collect.IsCompleted)
                {
                    await call();
                }

                await collect;
                await app.Services.GetRequiredService<IBackgroundEventDispatcher>().WhenIdleAsync();
                var report = await ColdStartBench.RunToEndAsync("dotnet", ["tool", "run", "dotnet-trace", "--", "report", file, "topN", "-n", "10", "--inclusive"], root);
                profiles.Add((name, [.. report.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0)]));
            }
            finally
            {
                File.Delete(file);
                File.Delete(file + ".etlx"); // the report's converted copy

            }
        }

        return profiles;
    }
}
