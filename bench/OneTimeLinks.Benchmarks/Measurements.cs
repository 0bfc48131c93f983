using System.Diagnostics;
using Azure.Data.Tables;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.WorkflowRequests;
using OneTimeLinks.Core.Sweeping;

namespace OneTimeLinks.Benchmarks;

/// <summary>Sizes of one run: the quick mode keeps every loop small enough for about two minutes.</summary>
internal sealed record BenchSizes(int OpsPerLevel, int FloorSamples, int HistoryLinks, int HistoryBookings, int RaceRounds, int[] LiveLinks, int[] Calendars)
{
    public static BenchSizes Quick { get; } = new(120, 200, 1_000, 500, 10, [200, 2_000], [10, 1_000]) { WebhookEvents = 100, Feeds = 20, FeedBookings = 200, FeedGets = 20 };

    public static BenchSizes Full { get; } = new(400, 500, 10_000, 5_000, 50, [200, 2_000, 10_000], [10, 1_000, 10_000]) { WebhookEvents = 1_000, Feeds = 100, FeedBookings = 2_000, FeedGets = 100 };

    /// <summary>Events fanned out to the three receivers of the webhook row.</summary>
    public int WebhookEvents { get; init; }

    /// <summary>Unchanged busy feeds refreshed by one timer run (five per calendar).</summary>
    public int Feeds { get; init; }

    /// <summary>Bookings in the calendar whose booking feed is served.</summary>
    public int FeedBookings { get; init; }

    /// <summary>GETs of the booking feed, and as many conditional GETs.</summary>
    public int FeedGets { get; init; }
}

/// <summary>Everything the benchmark measures, each against its own fresh table on the same Azurite.</summary>
internal sealed partial class Measurements(string connectionString, BenchSizes sizes, Action<string> progress)
{
    public List<(string Operation, string Rounds, int Requests)> RoundTrips { get; } = [];

    public List<(string Operation, int Clients, LoadResult Result)> Latency { get; } = [];

    public Dictionary<string, LoadResult> Floor { get; } = [];

    public List<(string Case, double OpenP50, double BookP50)> History { get; } = [];

    public List<(string Partition, double RangeQueryP50, double PointReadP50)> RawPartition { get; } = [];

    public List<string> Races { get; } = [];

    public List<(string Case, int Requests, int WebhookRequests, double Milliseconds, int Expired)> Sweeps { get; } = [];

    /// <summary>Batch generation of 500 links: new, then the same batch retried; wall time per call on a latency-free app.</summary>
    public List<(string Case, int Created, double Milliseconds)> Batches { get; } = [];

    public long PeakWorkingSetBytes { get; private set; }

    public WebhookFanOutResult? Webhooks { get; private set; }

    public BusyFeedRefreshResult? BusyFeedRefresh { get; private set; }

    public BookingFeedResult? BookingFeed { get; private set; }

    /// <summary>(8) iCalendar feeds: a timer run over unchanged busy feeds, and serving a large calendar's booking feed.</summary>
    public async Task FeedsAsync()
    {
        BusyFeedRefresh = await FeedsBench.RefreshUnchangedAsync(connectionString, sizes.Feeds, progress);
        BookingFeed = await FeedsBench.ServeBookingFeedAsync(connectionString, sizes.FeedBookings, sizes.FeedGets, progress);
    }

    /// <summary>(8) Events fanned out to three verifying loopback receivers: time until all arrived, storage requests per delivery.</summary>
    public async Task WebhooksAsync()
    {
        progress($"webhooks: {sizes.WebhookEvents} events to 3 receivers");
        Webhooks = await WebhookFanOutBench.RunAsync(connectionString, sizes.WebhookEvents, TimeSpan.FromMinutes(6), progress);
    }

    /// <summary>(1) Round trips per operation, counted by the pipeline policy, with parallel requests as one round.</summary>
    public async Task RoundTripsAsync()
    {
        progress("round trips");
        await using var app = await BenchApp.StartAsync(connectionString, latency: TimeSpan.FromMilliseconds(50), classify: WebhookFanOutBench.Classify);
        await app.CreateCalendarAsync("rt");
        var (warm, _) = await app.GenerateAsync("rt");
        await app.BookAsync(warm, BenchApp.Slot(0));
        await Count(app, "generate (first in its calendar and minute)", () => app.GenerateAsync("rt-cold"), setup: () => app.CreateCalendarAsync("rt-cold"));
        var (link, _) = await app.GenerateAsync("rt");
        await Count(app, "generate", () => app.GenerateAsync("rt"));
        await Count(app, "open (JSON)", () => app.OpenAsync(link));
        await Count(app, "open (HTML)", () => app.OpenAsync(link, html: true));
        await Count(app, "book (success)", () => app.BookAsync(link, BenchApp.Slot(1)));
        await Count(app, "book (dead link)", () => app.BookAsync(link, BenchApp.Slot(2)));
        var (_, revocableId) = await app.GenerateAsync("rt");
        await Count(app, "revoke", () => app.RevokeAsync("rt", revocableId));
        await Count(app, "list one page", () => app.ListAsync("rt"));
        var processor = app.Services.GetRequiredService<WorkflowRequestProcessor>();
        await Count(app, "queue generation", () => processor.ProcessAsync($$"""{"requestId":"req-{{Guid.NewGuid():N}}","calendarId":"rt"}"""));

        // Each sweep step on its own: expire one link, purge one ended link, redeliver one stranded event, nothing due.
        await app.GenerateAsync("rt", TimeProvider.System.GetUtcNow().AddMinutes(2));
        var sweep = app.Services.GetRequiredService<ISweepService>();
        await sweep.SweepAsync();
        app.Clock.Offset = TimeSpan.FromMinutes(10);
        await Count(app, "sweep: expire 1 link", () => sweep.SweepAsync());
        await Count(app, "sweep: nothing due", () => sweep.SweepAsync());
        app.Clock.Offset = TimeSpan.FromDays(91);
        await Count(app, "sweep: purge (everything of 91 days, one calendar)", () => sweep.SweepAsync());

        // Last, in a calendar of their own and back at the present (their expiry is a week from now): 500 links with an
        // expiry would otherwise be expired and purged by the sweep rows above and counted as theirs.
        app.Clock.Offset = TimeSpan.Zero;
        await app.CreateCalendarAsync("rt-batch");
        await Count(app, "batch generate (500 links)", () => app.GenerateBatchAsync("rt-batch", 500, "rt-batch"));
        await Count(app, "batch generate (the same 500 retried)", () => app.GenerateBatchAsync("rt-batch", 500, "rt-batch"));
    }

    private async Task Count(BenchApp app, string operation, Func<Task> call, Func<Task>? setup = null)
    {
        if (setup is not null)
        {
            await setup();
        }

        await app.WhenBackgroundDoneAsync();
        app.Recorder.DrainRounds();
        await call();
        var beforeAnswer = app.Recorder.DrainRounds();
        await app.WhenBackgroundDoneAsync();
        var after = app.Recorder.DrainRounds();
        var rounds = string.Join(" → ", beforeAnswer) + (after.Count > 0 ? $" ‖ after the answer: {string.Join(" → ", after)}" : "");
        // The webhook fan-out listener reads the call's event hand-offs while a sweep is still running: its requests show
        // in the rounds, marked, but are not the call's.
        RoundTrips.Add((operation, rounds, beforeAnswer.Sum(r => r.Split(" + ").Count(kind => !WebhookFanOutBench.IsWebhook(kind)))));
    }

    /// <summary>(7) Wall time of a 500-link batch, new and retried, three times each on a latency-free app.</summary>
    public async Task BatchesAsync()
    {
        progress("batch generation");
        await using var app = await BenchApp.StartAsync(connectionString);
        for (var run = 0; run < 3; run++)
        {
            var calendar = $"batch{run}";
            await app.CreateCalendarAsync(calendar);
            foreach (var label in new[] { "500 new links", "the same 500 retried" })
            {
                var clock = Stopwatch.StartNew();
                var created = await app.GenerateBatchAsync(calendar, 500, "b");
                Batches.Add((label, created, clock.Elapsed.TotalMilliseconds));
                await app.Services.GetRequiredService<IBackgroundEventDispatcher>().WhenIdleAsync();
            }
        }
    }

    /// <summary>(2) The storage floor with the raw SDK: a point read, and a point read followed by an entity group transaction.</summary>
    public async Task FloorAsync()
    {
        progress("storage floor");
        var table = BenchApp.AppLikeTable(connectionString, "floor" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        try
        {
            await table.UpsertEntityAsync(new TableEntity("p", "row") { ["Value"] = 0 });
            for (var i = 0; i < 20; i++)
            {
                await table.GetEntityAsync<TableEntity>("p", "row");
            }

            Floor["point read"] = await Load.RunAsync(1, sizes.FloorSamples, async _ =>
            {
                await table.GetEntityAsync<TableEntity>("p", "row");
                return true;
            });
            Floor["point read + transaction"] = await Load.RunAsync(1, sizes.FloorSamples, async i =>
            {
                var row = (await table.GetEntityAsync<TableEntity>("p", "row")).Value;
                row["Value"] = i;
                await table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateMerge, row, row.ETag),
                    new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"added|{i:D6}")),
                ]);
                return true;
            });
        }
        finally
        {
            await table.DeleteAsync();
        }
    }

    /// <summary>(3): generate, open and book over HTTP at 8 and 32 clients (1 client: <see cref="OwnWorkAsync"/>); the process's working set during 32.</summary>
    public async Task LatencyAsync()
    {
        await using var app = await BenchApp.StartAsync(connectionString);
        await app.CreateCalendarAsync("lat");
        await app.CreateCalendarAsync("lat-open", wide: false);
        var booked = 1000;
        foreach (var clients in new[] { 8, 32 })
        {
            progress($"latency, {clients} client(s)");
            using var sampler = clients == 32 ? new WorkingSetSampler() : null;
            for (var i = 0; i < 10; i++)
            {
                await app.GenerateAsync("lat");
            }

            var generated = new string[sizes.OpsPerLevel];
            await app.SettleQueuesAsync();
            Latency.Add(("generate", clients, await Load.RunAsync(clients, sizes.OpsPerLevel, async i =>
            {
                generated[i] = (await app.GenerateAsync("lat")).Url;
                return true;
            })));
            // Opened on the README's calendar (30 days, weekdays): the wide one's page would measure listing 17,000 slots.
            var toOpen = new string[Math.Min(sizes.OpsPerLevel, 50)];
            for (var i = 0; i < toOpen.Length; i++)
            {
                toOpen[i] = (await app.GenerateAsync("lat-open")).Url;
            }

            await app.SettleQueuesAsync();
            Latency.Add(("open (JSON)", clients, await Load.RunAsync(clients, sizes.OpsPerLevel, async i =>
                await app.OpenAsync(toOpen[i % toOpen.Length]) == 200)));
            var first = booked;
            booked += sizes.OpsPerLevel;
            await app.SettleQueuesAsync();
            Latency.Add(("book", clients, await Load.RunAsync(clients, sizes.OpsPerLevel, async i =>
                await app.BookAsync(generated[i], BenchApp.Slot(first + i)) == 201)));
            if (sampler is not null)
            {
                PeakWorkingSetBytes = sampler.Peak;
            }
        }
    }

    /// <summary>
    /// <paramref name="count"/> seeding calls at 16 clients, a thousand at a time with the queues settled in between:
    /// left to pile up, the events of ten thousand calls make each of the emulator's queue requests scan them all.
    /// </summary>
    private async Task SeedAsync(BenchApp app, int count, Func<int, Task<bool>> call)
    {
        const int Chunk = 1_000;
        for (var start = 0; start < count; start += Chunk)
        {
            var first = start;
            var chunk = await Load.RunAsync(16, Math.Min(Chunk, count - start), i => call(first + i));
            await app.SettleQueuesAsync();
            progress($"seeded {first + chunk.Count:N0} of {count:N0}: p50 {chunk.P50:F1} ms, p99 {chunk.P99:F0} ms, {chunk.PerSecond:F1} calls/s, {chunk.Failures} unexpected");
        }
    }

    /// <summary>(4) Open and book p50 on a calendar with a long history against a fresh one.</summary>
    public async Task HistoryAsync()
    {
        await using var app = await BenchApp.StartAsync(connectionString);
        await app.CreateCalendarAsync("fresh");
        await app.CreateCalendarAsync("history");
        progress($"seeding {sizes.HistoryLinks} links and {sizes.HistoryBookings} bookings");
        var seeded = new string[sizes.HistoryLinks];
        await SeedAsync(app, sizes.HistoryLinks, async i =>
        {
            seeded[i] = (await app.GenerateAsync("history")).Url;
            return true;
        });
        await SeedAsync(app, sizes.HistoryBookings, async i => await app.BookAsync(seeded[i], BenchApp.Slot(20_000 + i)) == 201);
        foreach (var calendar in new[] { "fresh", "history" })
        {
            progress($"history: {calendar}");
            var links = new string[sizes.OpsPerLevel];
            for (var i = 0; i < links.Length; i++)
            {
                links[i] = (await app.GenerateAsync(calendar)).Url;
            }

            await app.SettleQueuesAsync();

            var open = await Load.RunAsync(1, links.Length, async i => await app.OpenAsync(links[i]) == 200);
            var offset = calendar == "fresh" ? 40_000 : 50_000;
            await app.SettleQueuesAsync();
            var book = await Load.RunAsync(1, links.Length, async i => await app.BookAsync(links[i], BenchApp.Slot(offset + i)) == 201);
            History.Add((calendar == "fresh" ? "fresh calendar" : $"{sizes.HistoryLinks:N0} links, {sizes.HistoryBookings:N0} bookings", open.P50, book.P50));
        }

        await AzuriteRangeQueryAsync(sizes.HistoryLinks + 3 * sizes.HistoryBookings);
    }

    /// <summary>
    /// Whether the store itself slows down with a partition's size: the same five-row RowKey range query and the same
    /// point read, raw SDK, in an empty partition and in one holding <paramref name="rows"/> other rows. Azure serves
    /// both as seeks; this measures what the emulator does.
    /// </summary>
    private async Task AzuriteRangeQueryAsync(int rows)
    {
        progress($"raw range query, empty partition vs {rows:N0} rows");
        var table = BenchApp.AppLikeTable(connectionString, "range" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        try
        {
            foreach (var partition in new[] { "small", "large" })
            {
                for (var day = 5; day <= 9; day++)
                {
                    await table.UpsertEntityAsync(new TableEntity(partition, $"agenda|2026120{day}"));
                }
            }

            await Load.RunAsync(4, (rows + 99) / 100, async batch =>
            {
                await table.SubmitTransactionAsync(Enumerable.Range(0, Math.Min(100, rows - batch * 100))
                    .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("large", $"booking|{batch:D5}{i:D3}") { ["Name"] = "Jane Doe" })));
                return true;
            });
            foreach (var partition in new[] { "small", "large" })
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"agenda|20261205"} and RowKey le {"agenda|20261209"}");
                var query = await Load.RunAsync(1, sizes.FloorSamples, async _ => (await table.QueryAsync<TableEntity>(filter).ToListAsync()).Count == 5);
                var read = await Load.RunAsync(1, sizes.FloorSamples, async _ => (await table.GetEntityAsync<TableEntity>(partition, "agenda|20261207")).Value is not null);
                RawPartition.Add((partition == "small" ? "5 rows" : $"{rows + 5:N0} rows", query.P50, read.P50));
            }
        }
        finally
        {
            await table.DeleteAsync();
        }
    }

    /// <summary>(5) 64 concurrent books on one link, round after round.</summary>
    public async Task RacesAsync()
    {
        progress("races");
        await using var app = await BenchApp.StartAsync(connectionString);
        await app.CreateCalendarAsync("race");
        var loserTimes = new List<double>();
        var answered = 0;
        var roundsWithOneWinner = 0;
        for (var round = 0; round < sizes.RaceRounds; round++)
        {
            var (url, _) = await app.GenerateAsync("race");
            var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                var status = await app.BookAsync(url, BenchApp.Slot(60_000 + (round * 64) + i));
                return (status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            })));
            answered += results.Count(r => r.status is 201 or 410 or 409);
            roundsWithOneWinner += results.Count(r => r.status == 201) == 1 ? 1 : 0;
            loserTimes.AddRange(results.Where(r => r.status != 201).Select(r => r.TotalMilliseconds));
        }

        var losers = Load.Summarise(loserTimes, 0, 0);
        Races.Add($"{sizes.RaceRounds} rounds × 64 concurrent books on one link: {answered} of {sizes.RaceRounds * 64} answered (201/409/410), " +
            $"{roundsWithOneWinner} of {sizes.RaceRounds} rounds with exactly one winner, losers p50 {losers.P50:F0} ms, p99 {losers.P99:F0} ms");
    }

    /// <summary>(6) Sweep requests and time: 20 expiring links among many live ones, and spread over many calendars.</summary>
    public async Task SweepsAsync()
    {
        foreach (var live in sizes.LiveLinks)
        {
            progress($"sweep: 20 expiring among {live} live links");
            await using var app = await BenchApp.StartAsync(connectionString, classify: WebhookFanOutBench.Classify);
            await app.CreateCalendarAsync("sw");
            await SeedAsync(app, live, async _ => (await app.GenerateAsync("sw")).Url.Length > 0);
            await Load.RunAsync(4, 20, async _ => (await app.GenerateAsync("sw", TimeProvider.System.GetUtcNow().AddMinutes(2))).Url.Length > 0);
            await SweepOnceAsync(app, $"20 expiring among {live:N0} live links, 1 calendar");
        }

        foreach (var calendars in sizes.Calendars)
        {
            progress($"sweep: 20 expiring over {calendars} calendars");
            await using var app = await BenchApp.StartAsync(connectionString, classify: WebhookFanOutBench.Classify);
            await Load.RunAsync(16, calendars, async i =>
            {
                await app.CreateCalendarAsync($"c{i:D5}");
                return true;
            });
            var step = calendars / Math.Min(calendars, 20);
            await Load.RunAsync(4, 20, async i =>
                (await app.GenerateAsync($"c{(i * step) % calendars:D5}", TimeProvider.System.GetUtcNow().AddMinutes(2))).Url.Length > 0);
            await SweepOnceAsync(app, $"20 expiring over {calendars:N0} calendars");
            await SweepOnceAsync(app, $"nothing due, {calendars:N0} calendars");
        }
    }

    private async Task SweepOnceAsync(BenchApp app, string name)
    {
        await app.SettleQueuesAsync();
        app.Clock.Offset = TimeSpan.FromMinutes(10);
        app.Recorder.Drain();
        var started = Stopwatch.GetTimestamp();
        var result = await app.Services.GetRequiredService<ISweepService>().SweepAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        // The sweep publishes its events itself, and the webhook fan-out listener, reading their hand-offs meanwhile,
        // queries the subscriptions: the recorder sees both, so they are counted apart.
        var requests = app.Recorder.Drain();
        var webhook = requests.Count(WebhookFanOutBench.IsWebhook);
        Sweeps.Add((name, requests.Count - webhook, webhook, elapsed, result.Expired));
    }

    /// <summary>Samples the process's working set every 50 ms; the service runs in this process with its load generator.</summary>
    private sealed class WorkingSetSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public WorkingSetSampler() => _timer = new Timer(_ =>
        {
            using var process = Process.GetCurrentProcess();
            var current = process.WorkingSet64;
            long seen;
            while (current > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, current, seen) != seen)
            {
            }
        }, null, 0, 50);

        public long Peak => Interlocked.Read(ref _peak);

        public void Dispose() => _timer.Dispose();
    }
}
