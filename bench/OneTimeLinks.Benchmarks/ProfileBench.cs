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
        "books fresh links, then opens a link (JSON), over and over; converted with `dotnet-trace convert --format speedscope` and " +
        "read by `ProfileStacks`: only the time a thread ran managed code counts (a stack whose innermost frame is a wait or " +
        "native code is left out: idle thread-pool threads, socket polls, Azurite's answers), and each frame's share is the part " +
        "of that running time with the frame on the stack (inclusive), client, runner, worker and SDK together in this process.";

    public static async Task<List<ProfileResult>> RunAsync(string root, string connectionString, Action<string> progress)
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
        var profiles = new List<ProfileResult>();
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
                await ColdStartBench.RunToEndAsync("dotnet", ["tool", "run", "dotnet-trace", "--", "convert", file, "--format", "Speedscope", "-o", file + ".speedscope"], root);
                var (top, own, running) = ProfileStacks.Analyse(file + ".speedscope.json", 10);
                profiles.Add(new ProfileResult(name, running, top, own));
            }
            finally
            {
                File.Delete(file);
                File.Delete(file + ".speedscope.json");

            }
        }

        return profiles;
    }
}

/// <summary>One loop's profile: the share of sampled time threads ran managed code, and the top frames of that time.</summary>
internal sealed record ProfileResult(string Loop, double RunningShare, List<FrameShare> Top, List<FrameShare> App);
