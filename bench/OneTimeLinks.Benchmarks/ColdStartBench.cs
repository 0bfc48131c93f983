using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace OneTimeLinks.Benchmarks;

/// <summary>One publish of the runner, started cold <c>runs</c> times: ms from process start to the first answers.</summary>
internal sealed record ColdStartResult(string Variant, long PublishedBytes, List<double> OpenMilliseconds, List<double> BookMilliseconds)
{
    public double OpenMedian => Median(OpenMilliseconds);

    public double BookMedian => Median(BookMilliseconds);

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);
}

/// <summary>
/// Cold start as the Functions host would see it: the publish output, Release, started as a process of its own (the
/// runner hosts the worker in its process), over the bench's Azurite, on a free loopback port.
/// </summary>
internal static class ColdStartBench
{
    public static async Task<ColdStartResult> RunAsync(
        string root, string connectionString, string variant, string[] publishArguments, int runs, Action<string> progress)
    {
        var folder = Path.Combine(Path.GetTempPath(), "otl-cold-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            progress($"cold start: publishing ({variant})");
            await RunToEndAsync("dotnet", [
                "publish", Path.Combine(root, "tools", "OneTimeLinks.LocalRunner", "OneTimeLinks.LocalRunner.csproj"), "-c", "Release", "-o", folder,
                "-nologo", "-clp:ErrorsOnly", .. publishArguments]);
            var size = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

            // The links come from a warm app on the same table, so that the cold process's first call is the open.
            await using var warm = await BenchApp.StartAsync(connectionString);
            await warm.CreateCalendarAsync("cold", wide: false);
            await warm.CreateCalendarAsync("cold-book");
            var result = new ColdStartResult(variant, size, [], []);
            for (var run = 0; run < runs; run++)
            {
                progress($"cold start: {variant}, run {run + 1} of {runs}");
                var (open, _) = await warm.GenerateAsync("cold");
                var (book, _) = await warm.GenerateAsync("cold-book");
                var (openMs, bookMs) = await StartColdAsync(folder, connectionString, warm.Table.Name, open, book, BenchApp.Slot(run));
                result.OpenMilliseconds.Add(openMs);
                result.BookMilliseconds.Add(bookMs);
            }

            return result;
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <param name="slot">A start no earlier run booked: the runs share the warm app's calendar.</param>
    private static async Task<(double Open, double Book)> StartColdAsync(string folder, string connectionString, string table, string open, string book, DateTimeOffset slot)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "OneTimeLinks.LocalRunner.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        var settings = BenchApp.Settings(connectionString, "c" + Guid.NewGuid().ToString("N")[..11]);
        settings["Storage:TableName"] = table;
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        try
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            HttpResponseMessage? opened = null;
            while (opened is null)
            {
                if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new InvalidOperationException($"The published runner did not answer (exit {(process.HasExited ? process.ExitCode : "none")}).");
                }

                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, open);
                    request.Headers.Accept.ParseAdd("application/json");
                    opened = await http.SendAsync(request);
                    await opened.Content.ReadAsByteArrayAsync();
                }
                catch (HttpRequestException e) when (e.InnerException is SocketException)
                {
                    await Task.Delay(5);
                }
            }

            var openMs = clock.Elapsed.TotalMilliseconds;
            using (opened)
            {
                Expect(opened, HttpStatusCode.OK, "open");
            }

            using var booked = await http.PostAsJsonAsync(book + "/book", new
            {
                start = slot.ToString("O", System.Globalization.CultureInfo.InvariantCulture), name = "Jane Doe", email = "jane@example.com",
            });
            await booked.Content.ReadAsByteArrayAsync();
            var bookMs = clock.Elapsed.TotalMilliseconds;
            Expect(booked, HttpStatusCode.Created, "book");
            return (openMs, bookMs);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode status, string call)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"The cold process's first {call} answered {(int)response.StatusCode}.");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command to its end; its output is kept for the error when it fails.</summary>
    public static async Task<string> RunToEndAsync(string file, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:{Environment.NewLine}{await output}{await error}");
    }
}
