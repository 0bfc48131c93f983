using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using OneTimeLinks.Benchmarks;

// dotnet run -c Release --project bench/OneTimeLinks.Benchmarks [-- --quick] [--webhooks-only | --feeds-only]
// Starts Azurite and the local runner itself (loopback only), measures everything in one process and one run, prints
// the table and writes docs/benchmarks.md. --webhooks-only measures the webhook row alone and only prints it;
// --feeds-only likewise the iCalendar feed rows.
var quick = args.Contains("--quick");
var webhooksOnly = args.Contains("--webhooks-only");
var feedsOnly = args.Contains("--feeds-only");
var root = FindRoot();
var command = "dotnet run -c Release --project bench/OneTimeLinks.Benchmarks" + (quick ? " -- --quick" : "");
var clock = Stopwatch.StartNew();
using var azurite = await AzuriteProcess.StartAsync(root);
var m = new Measurements(azurite.ConnectionString, quick ? BenchSizes.Quick : BenchSizes.Full,
    step => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {step}"));
if (webhooksOnly)
{
    await m.WebhooksAsync();
    Console.WriteLine(WebhookSection(m.Webhooks!));
    return 0;
}

if (feedsOnly)
{
    await m.FeedsAsync();
    Console.WriteLine(FeedsSection(m.BusyFeedRefresh!, m.BookingFeed!));
    return 0;
}

await m.RoundTripsAsync();
await m.FloorAsync();
await m.LatencyAsync();
await m.HistoryAsync();
await m.RacesAsync();
await m.SweepsAsync();
await m.BatchesAsync();
await m.WebhooksAsync();
await m.FeedsAsync();

var report = Report(m, quick, command, clock.Elapsed);
Console.WriteLine(report);
await File.WriteAllTextAsync(Path.Combine(root, "docs", "benchmarks.md"), report);
return 0;

static string Report(Measurements m, bool quick, string command, TimeSpan took)
{
    var c = CultureInfo.InvariantCulture;
    var read = m.Floor["point read"];
    var readWrite = m.Floor["point read + transaction"];
    var s = new StringBuilder();
    s.AppendLine(c, $"# Benchmarks");
    s.AppendLine();
    s.AppendLine(c, $"Written by `{command}` on {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC ({(quick ? "quick mode: smaller sizes" : "full mode")}, {took.TotalSeconds:F0} s).");
    s.AppendLine(c, $"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):F1} GiB memory, {RuntimeInformation.OSDescription}, .NET {Environment.Version}.");
    s.AppendLine("Storage: Azurite (in memory) on loopback; the app's worker run by the local runner in this process (as the Functions");
    s.AppendLine("host runs it: a gRPC invocation plus the request forwarded to the worker's Kestrel), called over HTTP.");
    s.AppendLine();
    s.AppendLine("**Azurite is not Azure.** Round-trip counts and ratios carry over; absolute times do not (no network, no");
    s.AppendLine("replication, a single Node process). The load generator shares the machine (and the process) with the service.");
    s.AppendLine();
    s.AppendLine("## 1. Storage round trips per operation (counted by an Azure.Core pipeline policy)");
    s.AppendLine();
    s.AppendLine("Requests sent while another is in flight share a round (\"read + read\"). `‖` separates what runs after the answer.");
    s.AppendLine("A `delete outbox` left of `‖` is the background publish overtaking the client on loopback: the dispatcher starts it only after the answer is sent (`RoundTripTests.Book_PublishHeld_AnswersBeforeTheEventIsPublished` holds the publish and sees the 201 first).");
    s.AppendLine();
    s.AppendLine("| Operation | Requests before the answer | Rounds |");
    s.AppendLine("|---|---|---|");
    foreach (var (operation, rounds, requests) in m.RoundTrips)
    {
        s.AppendLine(c, $"| {operation} | {requests} | {rounds} |");
    }

    s.AppendLine();
    s.AppendLine("## Batch generation (`POST …/links/batch`, 500 links with expiry, one client, no injected latency)");
    s.AppendLine();
    s.AppendLine("| Case | Run | Links answered 201 | ms |");
    s.AppendLine("|---|---|---|---|");
    for (var i = 0; i < m.Batches.Count; i++)
    {
        var (label, created, ms) = m.Batches[i];
        s.AppendLine(c, $"| {label} | {i / 2 + 1} | {created} | {ms:F0} |");
    }

    s.AppendLine();
    s.AppendLine("## 2. Storage floor (raw SDK, same Azurite, 1 client)");
    s.AppendLine();
    s.AppendLine("| Floor | p50 ms | p95 ms | p99 ms |");
    s.AppendLine("|---|---|---|---|");
    foreach (var (name, r) in m.Floor)
    {
        s.AppendLine(c, $"| {name} | {r.P50:F2} | {r.P95:F2} | {r.P99:F2} |");
    }

    s.AppendLine();
    s.AppendLine("## 3. HTTP latency and throughput");
    s.AppendLine();
    s.AppendLine("| Operation | Clients | Calls | p50 ms | p95 ms | p99 ms | calls/s | p50 / floor | unexpected answers |");
    s.AppendLine("|---|---|---|---|---|---|---|---|---|");
    foreach (var (operation, clients, r) in m.Latency)
    {
        var floor = operation == "book" ? readWrite.P50 : operation.StartsWith("open", StringComparison.Ordinal) ? read.P50 : double.NaN;
        var ratio = double.IsNaN(floor) ? "—" : (r.P50 / floor).ToString("F2", c) + (operation == "book" ? " (read + transaction)" : " (point read)");
        s.AppendLine(c, $"| {operation} | {clients} | {r.Count} | {r.P50:F2} | {r.P95:F2} | {r.P99:F2} | {r.PerSecond:F0} | {ratio} | {r.Failures} |");
    }

    s.AppendLine();
    s.AppendLine("### Where the time of one call goes (1 client, p50)");
    s.AppendLine();
    s.AppendLine("The floors of section 2 are one read and one two-action transaction. Book and open ask more of storage than that");
    s.AppendLine("(book: three reads together, then a five-action transaction; open: two reads together, then a range query), and");
    s.AppendLine("every call crosses the HTTP hop: the runner's front, the gRPC invocation and the forward to the worker, as in the");
    s.AppendLine("Functions host. Measured side by side:");
    s.AppendLine();
    s.AppendLine("| Operation | HTTP p50 ms | HTTP hop p50 ms | own storage work p50 ms (raw SDK) | rest: the app's own work, ms |");
    s.AppendLine("|---|---|---|---|---|");
    var hop = m.Latency.FirstOrDefault(l => l.Operation.StartsWith("HTTP hop", StringComparison.Ordinal)).Result;
    foreach (var (operation, floorName) in new[] { ("book", "book's own storage work"), ("open (JSON)", "open's own storage work") })
    {
        var http = m.Latency.First(l => l.Operation == operation && l.Clients == 1).Result.P50;
        var own = m.Floor[floorName].P50;
        s.AppendLine(c, $"| {operation} | {http:F2} | {hop?.P50:F2} | {own:F2} | {http - (hop?.P50 ?? 0) - own:F2} |");
    }

    s.AppendLine();
    s.AppendLine(c, $"Peak working set of the process (service and load generator) during the 32-client run: {m.PeakWorkingSetBytes / (1024 * 1024.0):F0} MiB.");
    s.AppendLine();
    s.AppendLine("## 4. Scaling with history (1 client)");
    s.AppendLine();
    s.AppendLine("Both calendars are the wide one (every day, a year ahead), which the history's bookings need: open's time here is");
    s.AppendLine("mostly computing and sending ~17,000 slots, the same for both. Section 3 opens the README's 30-day calendar.");
    s.AppendLine();
    s.AppendLine("| Calendar | open p50 ms | book p50 ms |");
    s.AppendLine("|---|---|---|");
    foreach (var (name, open, book) in m.History)
    {
        s.AppendLine(c, $"| {name} | {open:F2} | {book:F2} |");
    }

    if (m.History.Count == 2)
    {
        s.AppendLine();
        s.AppendLine(c, $"Ratio history / fresh: open {m.History[1].OpenP50 / m.History[0].OpenP50:F2}, book {m.History[1].BookP50 / m.History[0].BookP50:F2}.");
    }

    s.AppendLine();
    s.AppendLine("The same five-row RowKey range query (what book and open read of the agenda) and a point read, raw SDK, in an");
    s.AppendLine("empty partition and in a partition as large as the history calendar's. Azure serves both as seeks; the emulator:");
    s.AppendLine();
    s.AppendLine("| Partition | range query p50 ms | point read p50 ms |");
    s.AppendLine("|---|---|---|");
    foreach (var (partition, query, pointRead) in m.RawPartition)
    {
        s.AppendLine(c, $"| {partition} | {query:F2} | {pointRead:F2} |");
    }

    s.AppendLine();
    s.AppendLine("## 5. Races");
    s.AppendLine();
    foreach (var line in m.Races)
    {
        s.AppendLine("- " + line);
    }

    s.AppendLine();
    s.AppendLine("## 6. Sweep");
    s.AppendLine();
    s.AppendLine("| Case | storage requests | ms | expired |");
    s.AppendLine("|---|---|---|---|");
    foreach (var (name, requests, ms, expired) in m.Sweeps)
    {
        s.AppendLine(c, $"| {name} | {requests} | {ms:F0} | {expired} |");
    }

    s.AppendLine();
    s.Append(WebhookSection(m.Webhooks!));
    s.AppendLine();
    s.Append(FeedsSection(m.BusyFeedRefresh!, m.BookingFeed!));
    return s.ToString();
}

static string WebhookSection(WebhookFanOutResult w)
{
    var c = CultureInfo.InvariantCulture;
    var deliveries = w.Events * w.Receivers;
    var s = new StringBuilder();
    s.AppendLine("## 7. Webhook fan-out");
    s.AppendLine();
    s.AppendLine(c, $"{w.Events:N0} events (one `POST …/links/batch` per 500 links, a `Link.Generated` event each) to {w.Receivers} subscriptions, each a Kestrel");
    s.AppendLine("receiver on 127.0.0.1 verifying every signature with the official `StandardWebhooks` package; the retry timer every 5 s,");
    s.AppendLine("the host.json queue settings as the local runner applies them, `Webhooks:AllowLoopbackHttp` on.");
    s.AppendLine();
    s.AppendLine("| Deliveries | delivered (unique webhook-id per receiver) | duplicates | unverified | links generated after s | all delivered after s |");
    s.AppendLine("|---|---|---|---|---|---|");
    s.AppendLine(c, $"| {deliveries:N0} | {w.Delivered:N0}{(w.TimedOut ? " (timed out)" : "")} | {w.Duplicates} | {w.Unverified} | {w.GenerateSeconds:F1} | {(w.TimedOut ? "—" : w.DeliveredSeconds.ToString("F1", c))} |");
    s.AppendLine();
    s.AppendLine(c, $"Delivered: {string.Join(", ", w.Milestones.Select(x => $"{x.Fraction:P0} after {x.Seconds:F1} s"))}.");
    s.AppendLine();
    s.AppendLine("Storage requests on webhook partitions (subscriptions, deliveries, their due hints), per delivery:");
    s.AppendLine();
    s.AppendLine("| Kind | requests | per delivery |");
    s.AppendLine("|---|---|---|");
    foreach (var (kind, count) in w.WebhookRequests)
    {
        s.AppendLine(c, $"| {kind} | {count:N0} | {count / (double)Math.Max(1, w.Delivered):F2} |");
    }

    var total = w.WebhookRequests.Values.Sum();
    s.AppendLine(c, $"| all | {total:N0} | {total / (double)Math.Max(1, w.Delivered):F2} |");
    s.AppendLine();
    s.AppendLine(c, $"Generating the links and publishing their events took {w.OtherRequests:N0} other requests (not counted above).");
    return s.ToString();
}

static string FeedsSection(BusyFeedRefreshResult r, BookingFeedResult f)
{
    var c = CultureInfo.InvariantCulture;
    var s = new StringBuilder();
    s.AppendLine("## 8. iCalendar feeds");
    s.AppendLine();
    s.AppendLine(c, $"### Refreshing {r.Feeds} unchanged busy feeds");
    s.AppendLine();
    s.AppendLine(c, $"{r.Feeds} feeds of 15 minutes in {r.Calendars} calendars (five each), served by the tests' Kestrel feed server on 127.0.0.1");
    s.AppendLine("(`BusyFeeds:AllowLoopbackHttp` on), each imported once; then one timer run (`IBusyFeedRefreshRun.RefreshDueAsync`, the");
    s.AppendLine("last run a minute before) at 10 s past a quarter hour, when all are due. HTTP requests are counted by the feed server.");
    s.AppendLine();
    s.AppendLine("| Feeds due | HTTP requests received | with If-None-Match | with the current ETag (answered 304) | table writes | ms |");
    s.AppendLine("|---|---|---|---|---|---|");
    var writes = r.StorageRequests.Where(p => p.Key is not ("read" or "query")).Sum(p => p.Value);
    s.AppendLine(c, $"| {r.Due} | {r.HttpRequests} | {r.Conditional} | {r.NotModified} | {writes} | {r.Milliseconds:F0} |");
    s.AppendLine();
    s.AppendLine("Storage requests of the run, by kind (reads: the refresh index, one query per refresh interval due; each feed's state):");
    s.AppendLine();
    s.AppendLine("| Kind | requests | per feed |");
    s.AppendLine("|---|---|---|");
    foreach (var (kind, count) in r.StorageRequests)
    {
        s.AppendLine(c, $"| {kind} | {count} | {count / (double)Math.Max(1, r.Due):F2} |");
    }

    s.AppendLine(c, $"| all | {r.StorageRequests.Values.Sum()} | {r.StorageRequests.Values.Sum() / (double)Math.Max(1, r.Due):F2} |");
    s.AppendLine();
    s.AppendLine(c, $"### Serving the booking feed of a calendar with {f.Bookings:N0} bookings");
    s.AppendLine();
    s.AppendLine(c, $"The wide calendar (every day, a year ahead); {f.Bookings:N0} links generated through `POST …/links/batch` (500 a call) and");
    s.AppendLine(c, $"each booked once through `POST …/book` by 16 clients, over {f.SeedSeconds:F0} s; then `POST …/booking-feed` and the feed's URL read");
    s.AppendLine("anonymously, one client, after one warm-up GET: plain GETs, then conditional GETs with the ETag the feed sent.");
    s.AppendLine();
    s.AppendLine("| Request | calls | p50 ms | p95 ms | p99 ms | answer | unexpected answers |");
    s.AppendLine("|---|---|---|---|---|---|---|");
    s.AppendLine(c, $"| GET | {f.Get.Count} | {f.Get.P50:F2} | {f.Get.P95:F2} | {f.Get.P99:F2} | 200, {f.Bytes:N0} bytes, {f.Events:N0} VEVENTs | {f.Get.Failures} |");
    s.AppendLine(c, $"| GET with If-None-Match | {f.NotModified.Count} | {f.NotModified.P50:F2} | {f.NotModified.P95:F2} | {f.NotModified.P99:F2} | 304 | {f.NotModified.Failures} |");
    s.AppendLine();
    s.AppendLine("Storage requests per GET, by kind:");
    s.AppendLine();
    s.AppendLine("| Kind | per GET | per conditional GET |");
    s.AppendLine("|---|---|---|");
    foreach (var kind in f.GetStorageRequests.Keys.Union(f.NotModifiedStorageRequests.Keys).Order(StringComparer.Ordinal))
    {
        s.AppendLine(c, $"| {kind} | {f.GetStorageRequests.GetValueOrDefault(kind) / (double)Math.Max(1, f.Get.Count):F2} | {f.NotModifiedStorageRequests.GetValueOrDefault(kind) / (double)Math.Max(1, f.NotModified.Count):F2} |");
    }

    return s.ToString();
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OneTimeLinks.slnx")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}
