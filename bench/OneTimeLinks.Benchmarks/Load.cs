using System.Diagnostics;

namespace OneTimeLinks.Benchmarks;

/// <summary>Latency percentiles (ms) and throughput of one measured run.</summary>
internal sealed record LoadResult(int Count, double P50, double P95, double P99, double PerSecond, int Failures);

/// <summary>Runs a bounded number of calls with a fixed number of concurrent clients and measures each call.</summary>
internal static class Load
{
    /// <param name="call">The i-th call; returns true when its answer was the expected one.</param>
    public static async Task<LoadResult> RunAsync(int clients, int total, Func<int, Task<bool>> call)
    {
        var times = new double[total];
        var next = -1;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var started = Stopwatch.GetTimestamp();
                bool expected;
                try
                {
                    expected = await call(i);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // A call that failed or timed out is a figure of the run (its time and one unexpected answer),
                    // not the end of it: a stall under load is what the report must show.
                    Console.Error.WriteLine($"call {i} at {clients} client(s) failed after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms: {e.GetType().Name}: {e.Message}");
                    expected = false;
                }

                if (!expected)
                {
                    Interlocked.Increment(ref failures);
                }

                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        return Summarise(times, total / elapsed, failures);
    }

    public static LoadResult Summarise(IReadOnlyList<double> times, double perSecond, int failures)
    {
        var sorted = times.Order().ToArray();
        return new LoadResult(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99), perSecond, failures);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
