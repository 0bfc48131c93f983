using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using static OneTimeLinks.Benchmarks.ReportText;

namespace OneTimeLinks.Benchmarks;

/// <summary>The run's context, printed at the top of the report.</summary>
internal sealed record RunInfo(
    string Command, bool Quick, TimeSpan Took, string Commit, string LoadAtStart, string LoadAtEnd, Baseline? Before, IReadOnlyList<string> Failures);

/// <summary>Writes docs/benchmarks.md from one run's measurements; every table fits a screen (≤ ~120 characters a row).</summary>
internal static class Report
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private const double ColdStartTargetMilliseconds = 1500;

    public static string Write(Measurements m, RunInfo run)
    {
        var s = new StringBuilder();
        s.AppendLine("# Benchmarks");
        s.AppendLine();
        s.AppendLine(C, $"Written by `{run.Command}` on {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC at commit {run.Commit}");
        s.AppendLine(C, $"({(run.Quick ? "quick mode: smaller sizes" : "full mode")}, {run.Took.TotalSeconds:F0} s). `uptime` load average at start: {run.LoadAtStart}; at the end: {run.LoadAtEnd}.");
        s.AppendLine(C, $"Machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024.0):F1} GiB memory, {RuntimeInformation.OSDescription}, .NET {Environment.Version}.");
        if (run.Before is { } before)
        {
            s.AppendLine(C, $"The \"before\" columns are the figures of `{before.Commit}`, measured {before.Measured:yyyy-MM-dd HH:mm} UTC (load {before.Load}).");
        }

        foreach (var failure in run.Failures)
        {
            s.AppendLine(C, $"**Not measured in this run** (the section failed, its figures are missing below): {failure}");
        }

        s.AppendLine();
        s.AppendLine("Storage: Azurite on loopback, tables in memory, blobs and queues in a second process that keeps them in /dev/shm");
        s.AppendLine("([why](benchmarks-notes.md#issue-26-the-emulators-collector-stalled-the-long-sections)); the app's worker run by the local runner in this");
        s.AppendLine("process (as the Functions host runs it: a gRPC invocation plus the request forwarded to the worker's Kestrel), called over HTTP.");
        s.AppendLine();
        s.AppendLine("Earlier hand-written analyses of the webhook and feed rows: [benchmarks-notes.md](benchmarks-notes.md).");
        s.AppendLine();
        s.AppendLine("**Azurite is not Azure.** Round-trip counts and ratios carry over; absolute times do not (no network, no");
        s.AppendLine("replication, two Node processes on the same cores). The load generator shares the machine (and the process) with the service.");
        s.AppendLine();
        return AppendSections(s, m, run.Before).ToString();
    }

    private static void Races(StringBuilder s, Measurements m)
    {
        s.AppendLine("## 9. Races");
        s.AppendLine();
        s.AppendJoin(Environment.NewLine, m.Races.Select(line => "- " + line)).AppendLine().AppendLine();
    }

    private static void Sweeps(StringBuilder s, Measurements m)
    {
        s.AppendLine("## 10. Sweep");
        s.AppendLine();
        s.AppendLine("The sweep's own storage requests, and apart from them those on webhook partitions in the same window: the sweep");
        s.AppendLine("publishes its events itself, and the webhook fan-out listener, reading their hand-offs meanwhile, queries the subscriptions.");
        s.AppendLine();
        Table(s, "Case | storage requests | on webhook partitions | ms | expired",
            m.Sweeps.Select(x => new[] { x.Case, Number(x.Requests), Number(x.WebhookRequests), Number(x.Milliseconds), Number(x.Expired) }));
    }

    /// <summary>The sections this run measured, without the report's header (<c>--only</c>).</summary>
    public static string Sections(Measurements m, Baseline? before) => AppendSections(new StringBuilder(), m, before).ToString();

    /// <summary>Every section this run measured, in the report's order; a section that was not measured (or failed) is left out.</summary>
    private static StringBuilder AppendSections(StringBuilder s, Measurements m, Baseline? before)
    {
        if (m.RoundTrips.Count > 0)
        {
            RoundTrips(s, m);
        }

        if (m.Floor.Count > 0)
        {
            Floor(s, m);
        }

        if (m.OwnWork.Count > 0)
        {
            OwnWork(s, m, before);
            PerCallCost(s, m, before);
        }

        if (m.Latency.Count > 0)
        {
            Throughput(s, m, before);
        }

        if (m.ColdStartResults.Count > 0)
        {
            ColdStartSection(s, m, before);
        }

        if (m.Profiles.Count > 0)
        {
            ProfileSection(s, m, before);
        }

        if (m.History.Count > 0)
        {
            History(s, m);
        }

        if (m.Races.Count > 0)
        {
            Races(s, m);
        }

        if (m.Sweeps.Count > 0)
        {
            Sweeps(s, m);
        }

        s.Append(m.Webhooks is null ? "" : WebhookSection(m.Webhooks) + Environment.NewLine);
        s.Append(m.BusyFeedRefresh is null || m.BookingFeed is null ? "" : FeedsSection(m.BusyFeedRefresh, m.BookingFeed));
        return s;
    }

    private static void RoundTrips(StringBuilder s, Measurements m)
    {
        s.AppendLine("## 1. Storage round trips per operation (counted by an Azure.Core pipeline policy)");
        s.AppendLine();
        s.AppendLine(
            """
            Requests sent while another is in flight share a round ("read + read"); `n × batch` is n requests (in one round,
            or n rounds in a row). `‖` separates what runs after the answer. A `delete outbox` left of `‖` is the background
            publish overtaking the client on loopback: the dispatcher starts it only after the answer is sent
            (`RoundTripTests.Book_PublishHeld_AnswersBeforeTheEventIsPublished` holds the publish and sees the 201 first).
            A `webhook …` request is the webhook fan-out listener's, on a webhook partition, reading the call's events; it is
            not counted among the call's requests.
            """);
        s.AppendLine();
        var rows = m.RoundTrips.Select(r => (r.Operation, r.Requests, Rounds: SummariseRounds(r.Rounds))).ToList();
        Table(s, "Operation | requests before the answer | rounds", rows.Select(r => new[] { r.Operation, Number(r.Requests), r.Rounds.Length <= InlineRounds ? r.Rounds : "below" }));
        foreach (var (operation, _, rounds) in rows.Where(r => r.Rounds.Length > InlineRounds))
        {
            s.AppendLine(C, $"- **{operation}**: {rounds}");
        }

        s.AppendLine();
        s.AppendLine("### Batch generation (`POST …/links/batch`, 500 links with expiry, one client, no injected latency)");
        s.AppendLine();
        Table(s, "Case | Run | Links answered 201 | ms", m.Batches.Select((b, i) => new[] { b.Case, Number(i / 2 + 1), Number(b.Created), Number(b.Milliseconds) }));
    }

    private static void Floor(StringBuilder s, Measurements m)
    {
        s.AppendLine("## 2. Storage floor (raw SDK, same Azurite, 1 client)");
        s.AppendLine();
        Table(s, "Floor | p50 ms | p95 ms | p99 ms", m.Floor.Select(f => new[] { f.Key, Ms(f.Value.P50), Ms(f.Value.P95), Ms(f.Value.P99) }));
    }

    private static void OwnWork(StringBuilder s, Measurements m, Baseline? before)
    {
        var hop = m.WorkerHop?.Http.P50 ?? double.NaN;
        s.AppendLine("## 3. The worker hop and the app's own work per call (1 client, p50)");
        s.AppendLine();
        s.AppendLine(
            """
            The **worker hop** is a whole invocation that touches no storage: an open with a malformed token, answered by the
            function's 404 problem (checked on every call: status and the problem's title; storage requests counted: must be 0)
            through the runner's front, the gRPC invocation and the forward to the worker's Kestrel. The **runner-only hop** is an
            unknown route, answered 404 with an empty body by the runner without reaching the worker.
            """);
        s.AppendLine();
        Table(s, "Call | calls | p50 ms | p95 ms | storage requests | CPU µs/call | KB/call",
            m.Hops.Select(h => new[] { h.Name, Number(h.Http.Count), Ms(h.Http.P50), Ms(h.Http.P95), Number(h.StorageRequests), Number(h.Cost.CpuMicroseconds), Kb(h.Cost.AllocatedBytes) }));
        s.AppendLine(
            """
            **Own work** = HTTP p50 − worker hop p50 − storage p50, where *storage* is the operation's own storage requests,
            captured from one real call and replayed with the raw SDK in the same rounds (reads and queries on the app's table
            with the same keys and filters; writes, the same entities, as upserts to a scratch table), timed as many times as
            the operation in the same run. Targets from issue 26; where one is missed, the measured reason and what it would
            take are in [benchmarks-notes.md](benchmarks-notes.md#issue-26-where-the-targets-are-missed-and-why).
            """);
        s.AppendLine();
        var header = "Operation | HTTP p50 | worker hop | storage p50 | own work ms | target | met?" + (before is null ? "" : " | own work before");
        Table(s, header, m.OwnWork.Select(r =>
        {
            var own = r.OwnWorkMilliseconds(hop);
            return WithBefore(
                [r.Operation, Ms(r.Http.P50), Ms(hop), Ms(r.Storage.P50), Ms(own), "≤ " + Ms(r.TargetMilliseconds), Met(own, r.TargetMilliseconds)],
                before, b => [Ms(b.Operations.GetValueOrDefault(r.Operation)?.OwnWork ?? double.NaN)]);
        }));
        s.AppendLine("Replayed storage requests (rounds) and unexpected answers of the HTTP runs:");
        s.AppendLine();
        foreach (var r in m.OwnWork)
        {
            s.AppendLine(C, $"- {r.Operation}: {SummariseRounds(string.Join(" → ", r.Rounds))} ({r.Http.Failures} unexpected of {r.Http.Count})");
        }

        s.AppendLine();
    }

    private static void PerCallCost(StringBuilder s, Measurements m, Baseline? before)
    {
        var hop = m.WorkerHop?.Cost ?? new PerCall(double.NaN, double.NaN);
        s.AppendLine("## 4. CPU and allocations per call");
        s.AppendLine();
        s.AppendLine(
            """
            Measured in this process, where the client, the runner's front, the gRPC channel, the worker and the storage SDK
            all run (Azurite is another process, not counted): `Environment.CpuUsage.TotalTime` and
            `GC.GetTotalAllocatedBytes(precise: true)`, over as many sequential calls as section 3. *Whole*: one window
            around all the calls, closed once the background publishes they started are done (the events on the local
            events queue, the webhook hand-off's queue message, the outbox delete, and the queue listeners' invocations
            they trigger). *To the answer*: each call counted alone from its send to its answer, the process idle between
            calls. *Storage SDK*: the operation's replayed storage requests alone (section 3), with the app's client
            options. **App's own** = to the answer − the worker hop's to the answer − storage SDK: what the operation
            spends beyond a call that reaches the worker and does nothing and beyond the SDK's own cost of its storage
            requests. It still holds the client's reading of the answer (the answer's size) and the runner's copy of it,
            and whatever the process did meanwhile (timers, queue polling). The targets are checked against it.
            """);
        s.AppendLine();
        var header = "Operation | CPU µs whole | to answer | app's own | KB whole | to answer | storage SDK | app's own | target | met?" + (before is null ? "" : " | KB whole before");
        Table(s, header, m.OwnWork.Select(r =>
        {
            var ownBytes = r.Cost.AnswerAllocatedBytes - hop.AnswerAllocatedBytes - r.StorageCost.AnswerAllocatedBytes;
            return WithBefore(
            [
                r.Operation, Number(r.Cost.CpuMicroseconds), Number(r.Cost.AnswerCpuMicroseconds),
                Number(r.Cost.AnswerCpuMicroseconds - hop.AnswerCpuMicroseconds - r.StorageCost.AnswerCpuMicroseconds),
                Kb(r.Cost.AllocatedBytes), Kb(r.Cost.AnswerAllocatedBytes), Kb(r.StorageCost.AnswerAllocatedBytes), Kb(ownBytes),
                r.TargetKilobytes is { } t ? "≤ " + Number(t) : "—", Met(ownBytes / 1024, r.TargetKilobytes),
            ], before, b => [Kb(b.Operations.GetValueOrDefault(r.Operation)?.AllocatedBytes ?? double.NaN)]);
        }));
        s.AppendLine(C, $"The worker hop: {Number(hop.AnswerCpuMicroseconds)} µs and {Kb(hop.AnswerAllocatedBytes)} KB to the answer ({Number(hop.CpuMicroseconds)} µs and {Kb(hop.AllocatedBytes)} KB whole).");
        s.AppendLine();
        AllocationTypes(s, m);
    }

    private static void AllocationTypes(StringBuilder s, Measurements m)
    {
        if (m.AllocationsByType.Count == 0)
        {
            return;
        }

        s.AppendLine(
            """
            Where the bytes go: the same calls once more with the runtime's allocation sampling on (an in-process
            `EventListener` on `GCAllocationTick`, one event about every 100 KB allocated, naming the type that crossed the
            mark), summed by type: the six largest of each operation, KB per call (a sampled estimate, process-wide as above).
            """);
        s.AppendLine();
        Table(s, "Operation | largest sampled types, KB per call", m.AllocationsByType.Select(p => new[]
        {
            p.Key,
            string.Join("; ", p.Value.Types.Take(6).Select(t => $"{ShortType(t.Type)} {Kb(t.Bytes / (double)p.Value.Calls)}")),
        }));
    }

    // "System.Collections.Generic.Dictionary`2+Entry[[System.String, …],[…]][]" reads as "Dictionary`2+Entry[…][]".
    private static string ShortType(string type)
    {
        var open = type.IndexOf("[[", StringComparison.Ordinal);
        var name = open > 0 ? type[..open] : type.Split('[')[0];
        var suffix = open > 0 ? "[…]" + (type.EndsWith("][]", StringComparison.Ordinal) ? "[]" : "") : type[name.Length..];
        return name[(name.LastIndexOf('.') + 1)..] + suffix;
    }

    private static void Throughput(StringBuilder s, Measurements m, Baseline? before)
    {
        s.AppendLine("## 5. HTTP latency and throughput");
        s.AppendLine();
        s.AppendLine("One client: the runs of section 3. Opens use the README's calendar (30 days, weekdays); books the wide one.");
        s.AppendLine();
        var header = "Operation | clients | calls | p50 ms | p95 ms | p99 ms | calls/s | unexpected" + (before is null ? "" : " | calls/s before");
        Table(s, header, m.Throughput().Select(t => WithBefore(
            [t.Operation, Number(t.Clients), Number(t.Result.Count), Ms(t.Result.P50), Ms(t.Result.P95), Ms(t.Result.P99), Number(t.Result.PerSecond), Number(t.Result.Failures)],
            before, b => [Number(b.Throughput.GetValueOrDefault(Baseline.ThroughputKey(t.Operation, t.Clients), double.NaN))])));
        s.AppendLine(C, $"Peak working set of the process (service and load generator) during the 32-client run: {m.PeakWorkingSetBytes / (1024 * 1024.0):F0} MiB.");
        s.AppendLine();
    }

    private static void ColdStartSection(StringBuilder s, Measurements m, Baseline? before)
    {
        if (!Heading(s, "## 6. Cold start", m.ColdStartResults.Count > 0, "Not measured in this mode (`--quick` skips publishing; the full mode measures it)."))
        {
            return;
        }

        s.AppendLine(
            """
            The runner published Release (`dotnet publish tools/OneTimeLinks.LocalRunner -c Release`, with and without
            `-p:PublishReadyToRun=true -r linux-x64`) to a temporary folder and started as its own process (`dotnet <dll>`),
            the worker in it as the README explains, on free loopback ports over this run's Azurite. The clock runs from
            `Process.Start` to the first answered open (JSON) of a link generated beforehand by a warm process on the same
            table (the open is the cold process's first call; until its port listens, connects are retried every 5 ms), and
            on to the first answered book that follows. Median of the runs; the published folder's size.
            """);
        s.AppendLine();
        var header = "Publish | runs | first open ms | first book ms | published MiB" + (before is null ? "" : " | open before | book before");
        Table(s, header, m.ColdStartResults.Select(r => WithBefore(
            [r.Variant, Number(r.OpenMilliseconds.Count), Number(r.OpenMedian), Number(r.BookMedian), Number(r.PublishedBytes / (1024 * 1024.0), "F1")],
            before, b => [Number(b.ColdStart.GetValueOrDefault(r.Variant + ": open", double.NaN)), Number(b.ColdStart.GetValueOrDefault(r.Variant + ": book", double.NaN))])));
        foreach (var r in m.ColdStartResults)
        {
            s.AppendLine(C, $"- {r.Variant}: opens {string.Join(", ", r.OpenMilliseconds.Select(x => Number(x)))} ms; books {string.Join(", ", r.BookMilliseconds.Select(x => Number(x)))} ms.");
        }

        var fastest = m.ColdStartResults.MinBy(r => r.OpenMedian)!;
        s.AppendLine();
        s.AppendLine(C, $"Target (issue 26): the first answered open ≤ {ColdStartTargetMilliseconds:F0} ms. Fastest here: {fastest.Variant}, {Number(fastest.OpenMedian)} ms: {Met(fastest.OpenMedian, ColdStartTargetMilliseconds)}.");
        s.AppendLine();
    }

    private static void ProfileSection(StringBuilder s, Measurements m, Baseline? before)
    {
        if (!Heading(s, "## 7. Profile of book and open", m.Profiles.Count > 0, "Not collected in this run: add `--profile` to the command (it needs the local tool: `dotnet tool restore`)."))
        {
            return;
        }

        s.AppendLine(ProfileBench.Description);
        s.AppendLine();
        foreach (var profile in m.Profiles)
        {
            var earlier = before?.Profiles.FirstOrDefault(p => p.Loop == profile.Loop);
            s.AppendLine(C, $"### {profile.Loop}");
            s.AppendLine();
            var earlierShare = earlier is null ? "" : string.Create(C, $" ({earlier.RunningShare:P0} before)");
            s.AppendLine(C, $"Threads ran managed code {profile.RunningShare:P0} of the sampled thread time{earlierShare}.");
            s.AppendLine();
            foreach (var (title, now, then) in new[] { ("Top 10 frames", profile.Top, earlier?.Top), ("The app's own frames (OneTimeLinks.Core, .Functions)", profile.App, earlier?.App) })
            {
                var header = "# | " + title + " | share" + (then is null ? "" : " | before | share");
                Table(s, header, now.Select((f, i) => WithBefore(
                    [Number(i + 1), Code(f.Frame), f.Share.ToString("P1", C)],
                    before, _ => then is not null && i < then.Count ? [Code(then[i].Frame), then[i].Share.ToString("P1", C)] : ["—", "—"])));
            }
        }
    }

    // A frame name in a table cell: code, its pipes (none expected) escaped.
    private static string Code(string frame) => "`" + frame.Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal) + "`";

    /// <summary>A row's cells, then the baseline's "before" cells when there is a baseline.</summary>
    private static IEnumerable<string> WithBefore(IEnumerable<string> cells, Baseline? before, Func<Baseline, IEnumerable<string>> beforeCells) =>
        before is null ? cells : cells.Concat(beforeCells(before));

    /// <summary>A section's heading; when nothing was <paramref name="measured"/>, the reason instead of its body (false).</summary>
    private static bool Heading(StringBuilder s, string heading, bool measured, string otherwise)
    {
        s.AppendLine(heading);
        s.AppendLine();
        if (!measured)
        {
            s.AppendLine(otherwise);
            s.AppendLine();
        }

        return measured;
    }

    private static void History(StringBuilder s, Measurements m)
    {
        s.AppendLine("## 8. Scaling with history (1 client)");
        s.AppendLine();
        s.AppendLine("Both calendars are the wide one (every day, a year ahead), which the history's bookings need: open's time here is");
        s.AppendLine("mostly computing and sending ~17,000 slots, the same for both. Sections 3 and 5 open the README's 30-day calendar.");
        s.AppendLine();
        Table(s, "Calendar | open p50 ms | book p50 ms", m.History.Select(h => new[] { h.Case, Ms(h.OpenP50), Ms(h.BookP50) }));
        if (m.History.Count == 2)
        {
            s.AppendLine(C, $"Ratio history / fresh: open {m.History[1].OpenP50 / m.History[0].OpenP50:F2}, book {m.History[1].BookP50 / m.History[0].BookP50:F2}.");
            s.AppendLine();
        }

        s.AppendLine("The same five-row RowKey range query (what book and open read of the agenda) and a point read, raw SDK, in an");
        s.AppendLine("empty partition and in a partition as large as the history calendar's. Azure serves both as seeks; the emulator:");
        s.AppendLine();
        Table(s, "Partition | range query p50 ms | point read p50 ms", m.RawPartition.Select(p => new[] { p.Partition, Ms(p.RangeQueryP50), Ms(p.PointReadP50) }));
    }

    public static string WebhookSection(WebhookFanOutResult w)
    {
        var c = CultureInfo.InvariantCulture;
        var deliveries = w.Events * w.Receivers;
        var s = new StringBuilder();
        s.AppendLine("## 11. Webhook fan-out");
        s.AppendLine();
        s.AppendLine(c, $"{w.Events:N0} events (one `POST …/links/batch` per 500 links, a `Link.Generated` event each) to {w.Receivers} subscriptions, each a Kestrel");
        s.AppendLine("receiver on 127.0.0.1 verifying every signature with the official `StandardWebhooks` package; the retry timer every 5 s,");
        s.AppendLine("the host.json queue settings as the local runner applies them, `Webhooks:AllowLoopbackHttp` on.");
        s.AppendLine();
        Table(s, "Deliveries | delivered (unique id per receiver) | duplicates | unverified | generated after s | delivered after s",
            [[Number(deliveries, "N0"), Number(w.Delivered, "N0") + (w.TimedOut ? " (timed out)" : ""), Number(w.Duplicates), Number(w.Unverified),
                Number(w.GenerateSeconds, "F1"), w.TimedOut ? "—" : Number(w.DeliveredSeconds, "F1")]]);
        s.AppendLine(c, $"Delivered: {string.Join(", ", w.Milestones.Select(x => $"{x.Fraction:P0} after {x.Seconds:F1} s"))}.");
        s.AppendLine();
        s.AppendLine("Storage requests on webhook partitions (subscriptions, deliveries, their due hints), per delivery:");
        s.AppendLine();
        PerUnitTable(s, "Kind | requests | per delivery", w.WebhookRequests, w.Delivered);
        s.AppendLine(c, $"Generating the links and publishing their events took {w.OtherRequests:N0} other requests (not counted above).");
        return s.ToString();
    }

    public static string FeedsSection(BusyFeedRefreshResult r, BookingFeedResult f)
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine("## 12. iCalendar feeds");
        s.AppendLine();
        s.AppendLine(c, $"### Refreshing {r.Feeds} unchanged busy feeds");
        s.AppendLine();
        s.AppendLine(c, $"{r.Feeds} feeds of 15 minutes in {r.Calendars} calendars (five each), served by the tests' Kestrel feed server on 127.0.0.1");
        s.AppendLine("(`BusyFeeds:AllowLoopbackHttp` on), each imported once; then one timer run (`IBusyFeedRefreshRun.RefreshDueAsync`, the");
        s.AppendLine("last run a minute before) at 10 s past a quarter hour, when all are due. HTTP requests are counted by the feed server.");
        s.AppendLine();
        var writes = r.StorageRequests.Where(p => p.Key is not ("read" or "query")).Sum(p => p.Value);
        Table(s, "Feeds due | HTTP requests received | with If-None-Match | answered 304 (current ETag) | table writes | ms",
            [[Number(r.Due), Number(r.HttpRequests), Number(r.Conditional), Number(r.NotModified), Number(writes), Number(r.Milliseconds)]]);
        s.AppendLine("Storage requests of the run, by kind (reads: the refresh index, one query per refresh interval due; each feed's state):");
        s.AppendLine();
        PerUnitTable(s, "Kind | requests | per feed", r.StorageRequests, r.Due);
        s.AppendLine(c, $"### Serving the booking feed of a calendar with {f.Bookings:N0} bookings");
        s.AppendLine();
        s.AppendLine(c, $"The wide calendar (every day, a year ahead); {f.Bookings:N0} links generated through `POST …/links/batch` (500 a call) and");
        s.AppendLine(c, $"each booked once through `POST …/book` by 16 clients, over {f.SeedSeconds:F0} s; then `POST …/booking-feed` and the feed's URL read");
        s.AppendLine("anonymously, one client, after one warm-up GET: plain GETs, then conditional GETs with the ETag the feed sent.");
        s.AppendLine();
        Table(s, "Request | calls | p50 ms | p95 ms | p99 ms | answer | unexpected answers",
        [
            ["GET", Number(f.Get.Count), Ms(f.Get.P50), Ms(f.Get.P95), Ms(f.Get.P99), $"200, {Number(f.Bytes, "N0")} bytes, {Number(f.Events, "N0")} VEVENTs", Number(f.Get.Failures)],
            ["GET with If-None-Match", Number(f.NotModified.Count), Ms(f.NotModified.P50), Ms(f.NotModified.P95), Ms(f.NotModified.P99), "304", Number(f.NotModified.Failures)],
        ]);
        s.AppendLine("Storage requests per GET, by kind:");
        s.AppendLine();
        Table(s, "Kind | per GET | per conditional GET", f.GetStorageRequests.Keys.Union(f.NotModifiedStorageRequests.Keys).Order(StringComparer.Ordinal).Select(kind => new[]
        {
            kind, Number(f.GetStorageRequests.GetValueOrDefault(kind) / (double)Math.Max(1, f.Get.Count), "F2"),
            Number(f.NotModifiedStorageRequests.GetValueOrDefault(kind) / (double)Math.Max(1, f.NotModified.Count), "F2"),
        }));

        return s.ToString();
    }

    /// <summary>Requests by kind, each also per unit (delivery, feed), and an "all" row.</summary>
    private static void PerUnitTable(StringBuilder s, string header, IReadOnlyDictionary<string, int> requests, int units)
    {
        var all = requests.Append(new KeyValuePair<string, int>("all", requests.Values.Sum()));
        Table(s, header, all.Select(r => new[] { r.Key, Number(r.Value, "N0"), Number(r.Value / (double)Math.Max(1, units), "F2") }));
    }
}
