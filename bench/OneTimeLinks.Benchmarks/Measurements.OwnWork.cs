using Azure.Data.Tables;
using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Benchmarks;

/// <summary>
/// Per call, sequential calls in this process: CPU time (µs) and bytes allocated, client and service together; whole
/// (with the background publish the call started) and to the answer (each call's own window, the process idle between).
/// </summary>
internal sealed record PerCall(double CpuMicroseconds, double AllocatedBytes)
{
    public double AnswerCpuMicroseconds { get; init; } = double.NaN;

    public double AnswerAllocatedBytes { get; init; } = double.NaN;
}

/// <summary>A call that touches no storage: its latency, per-call cost, and the storage requests it sent (must be 0).</summary>
internal sealed record HopRow(string Name, LoadResult Http, PerCall Cost, int StorageRequests);

/// <summary>One operation at 1 client: over HTTP, its own storage work replayed with the raw SDK, and both per-call costs.</summary>
internal sealed record OwnWorkRow(string Operation, LoadResult Http, LoadResult Storage, IReadOnlyList<string> Rounds, PerCall Cost, PerCall StorageCost)
{
    /// <summary>The targets, ms of own work at p50.</summary>
    public double TargetMilliseconds => Operation switch { "book" or "open (JSON)" => 0.5, "open (HTML)" => 1.5, _ => 1.0 };

    /// <summary>HTTP p50 less the worker hop's p50 and the replayed storage work's p50.</summary>
    public double OwnWorkMilliseconds(double workerHopP50) => Http.P50 - workerHopP50 - Storage.P50;

    /// <summary>The allocation targets, KB per call in the worker (none for the others).</summary>
    public double? TargetKilobytes => Operation switch { "book" => 30, "open (JSON)" => 60, _ => null };
}

internal sealed partial class Measurements
{
    /// <summary>The floor of any call that reaches the worker, and the runner's front alone.</summary>
    public List<HopRow> Hops { get; } = [];

    public List<OwnWorkRow> OwnWork { get; } = [];

    /// <summary>Per operation: sampled bytes by type over its calls (<see cref="AllocationSampler"/>), and the calls.</summary>
    public Dictionary<string, (IReadOnlyList<(string Type, long Bytes)> Types, int Calls)> AllocationsByType { get; } = [];

    public List<ColdStartResult> ColdStartResults { get; } = [];

    /// <summary>The medians by "variant: open" and "variant: book", for a baseline.</summary>
    public Dictionary<string, double> ColdStarts => ColdStartResults
        .SelectMany(r => new[] { (r.Variant + ": open", r.OpenMedian), (r.Variant + ": book", r.BookMedian) })
        .ToDictionary(x => x.Item1, x => x.Item2);

    public List<ProfileResult> Profiles { get; } = [];

    /// <summary>(6) The published runner started cold, with ReadyToRun and without.</summary>
    public async Task ColdStartAsync(string root, int runs)
    {
        ColdStartResults.Add(await ColdStartBench.RunAsync(root, connectionString, "ReadyToRun (linux-x64)", ["-p:PublishReadyToRun=true", "-r", "linux-x64", "--self-contained", "false"], runs, progress));
        ColdStartResults.Add(await ColdStartBench.RunAsync(root, connectionString, "plain (JIT)", [], runs, progress));
    }

    /// <summary>(7) CPU samples of loops of book and open.</summary>
    public async Task ProfileAsync(string root) => Profiles.AddRange(await ProfileBench.RunAsync(root, connectionString, progress));

    public HopRow? WorkerHop => Hops.FirstOrDefault(h => h.Name.StartsWith("worker hop", StringComparison.Ordinal));

    /// <summary>Generate, open (JSON) and book at 1 client (from the own-work runs), 8 and 32 clients.</summary>
    public IEnumerable<(string Operation, int Clients, LoadResult Result)> Throughput() =>
        OwnWork.Where(r => r.Operation is "generate" or "open (JSON)" or "book").Select(r => (r.Operation, 1, r.Http)).Concat(Latency);

    /// <summary>
    /// (3) The app's own work per operation, one client: each operation's storage requests captured once (whole, in
    /// their rounds), then the operation timed over HTTP, its captured requests replayed and timed with the raw SDK, and
    /// both run again sequentially for CPU and allocations per call. The hops first: the floor of every call.
    /// </summary>
    public async Task OwnWorkAsync()
    {
        progress("own work per operation, 1 client");
        await using var app = await BenchApp.StartAsync(connectionString);
        var scratch = BenchApp.AppLikeTable(connectionString, "replay" + Guid.NewGuid().ToString("N")[..8]);
        await scratch.CreateIfNotExistsAsync();
        try
        {
            var dispatcher = app.Services.GetRequiredService<IBackgroundEventDispatcher>();
            var n = sizes.OpsPerLevel;
            await HopAsync(app, dispatcher, "worker hop: open with a malformed token (404 problem from the function)", "/api/l/not-a-token", "\"title\":\"Not found\"", n);
            await HopAsync(app, dispatcher, "runner-only hop: unknown route (the runner's empty 404)", "/api/no-such-route", "", n);

            await app.CreateCalendarAsync("ow");
            await app.CreateCalendarAsync("ow-open", wide: false);
            const int WarmUp = 5;
            var pool = WarmUp + 1 + (4 * n); // warm-up, capture, timed, cost (whole, to the answer), sampled
            var toOpen = new string[50];
            for (var i = 0; i < toOpen.Length; i++)
            {
                toOpen[i] = (await app.GenerateAsync("ow-open")).Url;
            }

            var slot = 0;
            var toBook = new Queue<string>();
            var booked = new Queue<string>();
            for (var i = 0; i < 2 * pool; i++)
            {
                var (url, _) = await app.GenerateAsync("ow");
                if (i < pool)
                {
                    toBook.Enqueue(url);
                }
                else
                {
                    booked.Enqueue(await app.BookForIdAsync(url, BenchApp.Slot(slot++)) ?? throw new InvalidOperationException("Seeding a booking failed."));
                }
            }

            // Rescheduled first, then the same bookings cancelled: one seeding serves both.
            var toReschedule = new Queue<string>(booked);
            var toCancel = new Queue<string>(booked);
            var opens = 0;
            var busyCalls = 0;
            var busyFirstDay = new DateTimeOffset(TimeProvider.System.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(310);
            var operations = new (string Name, Func<Task<bool>> Call)[]
            {
                ("generate", async () => (await app.GenerateAsync("ow")).Url.Length > 0),
                ("open (JSON)", async () => await app.OpenAsync(toOpen[opens++ % toOpen.Length]) == 200),
                ("open (HTML)", async () => await app.OpenAsync(toOpen[opens++ % toOpen.Length], html: true) == 200),
                ("book", async () => await app.BookAsync(toBook.Dequeue(), BenchApp.Slot(slot++)) == 201),
                ("reschedule", async () => await app.RescheduleAsync("ow", toReschedule.Dequeue(), BenchApp.Slot(slot++)) == 200),
                ("cancel", async () => await app.CancelAsync("ow", toCancel.Dequeue()) == 200),
                ("busy put", async () =>
                {
                    var call = busyCalls++;
                    return await app.SyncBusyAsync("ow", busyFirstDay.AddDays(call % 50), call / 50) == 200;
                }),
            };
            foreach (var (name, call) in operations)
            {
                progress($"own work: {name}");
                await app.SettleQueuesAsync();
                for (var i = 0; i < WarmUp; i++)
                {
                    await call();
                }

                var replay = await CaptureAsync(app, dispatcher, scratch, name, call);
                for (var i = 0; i < 5; i++)
                {
                    await replay.RunAsync();
                }

                var http = await Load.RunAsync(1, n, _ => call());
                await dispatcher.WhenIdleAsync();
                var storage = await Load.RunAsync(1, n, async _ =>
                {
                    await replay.RunAsync();
                    return true;
                });
                var cost = await PerCallAsync(n, call, dispatcher);
                var storageCost = await PerCallAsync(n, async () =>
                {
                    await replay.RunAsync();
                    return true;
                }, dispatcher);
                OwnWork.Add(new OwnWorkRow(name, http, storage, replay.Rounds, cost, storageCost));
                AllocationsByType[name] = await SampleAllocationsAsync(n, call, dispatcher);
            }
        }
        finally
        {
            await scratch.DeleteAsync();
        }
    }

    private async Task HopAsync(BenchApp app, IBackgroundEventDispatcher dispatcher, string name, string path, string marker, int n)
    {
        for (var i = 0; i < 20; i++)
        {
            await app.AnswersAsync(path, 404, marker);
        }

        await dispatcher.WhenIdleAsync();
        app.Recorder.Drain();
        var http = await Load.RunAsync(1, n, _ => app.AnswersAsync(path, 404, marker));
        var cost = await PerCallAsync(n, () => app.AnswersAsync(path, 404, marker), dispatcher);
        Hops.Add(new HopRow(name, http, cost, app.Recorder.Drain().Count));
    }

    /// <summary>
    /// One call with its storage requests kept, once the app has gone quiet: the queue listeners handle the warm-up
    /// calls' events (the webhook fan-out's subscription query) up to their 2 s polling interval later, and would be
    /// captured with it. A background publish's outbox delete that overtook the answer is left out (it is not part of
    /// the answer's work, section 1).
    /// </summary>
    private static async Task<StorageReplay> CaptureAsync(BenchApp app, IBackgroundEventDispatcher dispatcher, TableClient scratch, string name, Func<Task<bool>> call)
    {
        await dispatcher.WhenIdleAsync();
        for (var (seen, waited) = (-1, 0); seen != app.Recorder.Count && waited < 20; waited++)
        {
            seen = app.Recorder.Count;
            await Task.Delay(TimeSpan.FromSeconds(2.5));
        }

        app.Capture.Drain();
        app.Capture.Capturing = true;
        var answered = await call();
        app.Capture.Capturing = false;
        var captured = app.Capture.Drain();
        await dispatcher.WhenIdleAsync();
        if (!answered)
        {
            throw new InvalidOperationException($"The captured {name} was not answered as expected.");
        }

        var lastRound = captured.Count == 0 ? 0 : captured.Max(r => r.Round);
        var overtaking = captured.Where(r => r.Round == lastRound).All(r => r.Kind == "delete outbox") ? lastRound : -1;
        return new StorageReplay(app.Table, scratch, [.. captured.Where(r => r.Round != overtaking)]);
    }

    /// <summary>The same sequential calls once more, with the runtime's allocation sampling on.</summary>
    private static async Task<(IReadOnlyList<(string Type, long Bytes)>, int)> SampleAllocationsAsync(int n, Func<Task<bool>> call, IBackgroundEventDispatcher dispatcher)
    {
        using var sampler = new AllocationSampler();
        await dispatcher.WhenIdleAsync();
        sampler.Start();
        for (var i = 0; i < n; i++)
        {
            await call();
        }

        await dispatcher.WhenIdleAsync();
        return (sampler.Stop(), n);
    }

    /// <summary>
    /// CPU time and allocations of the whole process per call over <paramref name="n"/> sequential calls: whole, with any
    /// background publish they started finished inside the window (it is the calls' work too); then the same number of
    /// calls again, each counted from its start to its answer with the publishes finished between them, outside.
    /// </summary>
    private static async Task<PerCall> PerCallAsync(int n, Func<Task<bool>> call, IBackgroundEventDispatcher dispatcher)
    {
        await dispatcher.WhenIdleAsync();
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage.TotalTime;
        for (var i = 0; i < n; i++)
        {
            await call();
        }

        await dispatcher.WhenIdleAsync();
        var whole = new PerCall((Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / n, (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)n);

        var (answerBytes, answerCpu) = (0L, TimeSpan.Zero);
        for (var i = 0; i < n; i++)
        {
            await dispatcher.WhenIdleAsync();
            var callBytes = GC.GetTotalAllocatedBytes(precise: true);
            var callCpu = Environment.CpuUsage.TotalTime;
            await call();
            answerCpu += Environment.CpuUsage.TotalTime - callCpu;
            answerBytes += GC.GetTotalAllocatedBytes(precise: true) - callBytes;
        }

        await dispatcher.WhenIdleAsync();
        return whole with { AnswerCpuMicroseconds = answerCpu.TotalMicroseconds / n, AnswerAllocatedBytes = answerBytes / (double)n };
    }
}
