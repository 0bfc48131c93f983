using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Hosting;
using OneTimeLinks.LocalRunner;

namespace OneTimeLinks.Benchmarks;

/// <summary>A clock that can be moved forward, for sweeping links whose expiry has "passed".</summary>
internal sealed class OffsetClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

/// <summary>
/// The unchanged app, hosted by the local runner on a loopback port over the benchmark's Azurite, with a fresh table.
/// Every storage request of the app's TableClient passes <see cref="Recorder"/> (an Azure.Core pipeline policy).
/// </summary>
internal sealed class BenchApp : IAsyncDisposable
{
    public const string FunctionKey = "bench-function-key";
    private static int _instances;
    private readonly LocalRunnerApp _app;

    private readonly QueueClient[] _queues;
    private readonly QueueClient[] _listenedQueues;

    private BenchApp(
        LocalRunnerApp app, StorageRequestRecorder recorder, StorageCapture capture, OffsetClock clock, TableClient table, QueueClient[] queues, QueueClient[] listenedQueues)
    {
        _app = app;
        _queues = queues;
        _listenedQueues = listenedQueues;
        Recorder = recorder;
        Capture = capture;
        Clock = clock;
        Table = table;
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        Http = new HttpClient(handler) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
    }

    public StorageRequestRecorder Recorder { get; }

    /// <summary>Keeps whole requests while switched on, for the own-work replays.</summary>
    public StorageCapture Capture { get; }

    public OffsetClock Clock { get; }

    /// <summary>Uncounted, for seeding.</summary>
    public TableClient Table { get; }

    /// <summary>A raw SDK client with the app's client defaults, so replayed storage work costs what the app's would.</summary>
    public static TableClient AppLikeTable(string connectionString, string tableName)
    {
        var options = new TableClientOptions();
        AzureClientRegistration.ApplyDefaults(options);
        return new TableClient(connectionString, tableName, options);
    }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The app settings of a bench app whose table and queues end in <paramref name="suffix"/>.</summary>
    public static Dictionary<string, string?> Settings(string connectionString, string suffix)
    {
        var settings = LocalAppSettings.For(connectionString, suffix, "http://127.0.0.1", FunctionKey, "bench-master-key");

        // Warnings only, for the runner and the app alike (the app reads the runner's settings): a log line per
        // invocation would be part of what is measured.
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings;
    }

    /// <param name="latency">Held per storage answer by the recorder, so parallel requests are seen as one round (counting runs only).</param>
    /// <param name="settings">App settings over the defaults below.</param>
    /// <param name="classify">How the recorder names a request (default: <see cref="StorageRequestKinds.Of"/>).</param>
    public static async Task<BenchApp> StartAsync(
        string connectionString, TimeSpan latency = default, IDictionary<string, string?>? settings = null, Func<HttpMessage, string>? classify = null)
    {
        var suffix = $"b{Interlocked.Increment(ref _instances)}{Guid.NewGuid():N}"[..12];
        var recorder = new StorageRequestRecorder(classify ?? StorageRequestKinds.Of, latency);
        var capture = new StorageCapture();
        var clock = new OffsetClock();
        var all = Settings(connectionString, suffix);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var app = LocalRunnerHost.Build(
            ["--urls", "http://127.0.0.1:0"],
            host =>
            {
                host.Configuration.AddInMemoryCollection(all);
            },
            worker =>
            {
                worker.Services.AddSingleton<TimeProvider>(clock);
                worker.Services.RemoveAll<TableClient>();
                worker.Services.AddSingleton(_ =>
                {
                    var options = new TableClientOptions();
                    AzureClientRegistration.ApplyDefaults(options);
                    options.AddPolicy(recorder, HttpPipelinePosition.PerCall);
                    options.AddPolicy(capture, HttpPipelinePosition.PerCall);
                    var client = new TableServiceClient(connectionString, options);
                    client.CreateTableIfNotExists(LocalAppSettings.TableName(suffix));
                    return client.GetTableClient(LocalAppSettings.TableName(suffix));
                });
            });
        await app.StartAsync();
        app.Services.GetRequiredService<TableClient>();
        var queues = LocalAppSettings.QueueNames(all)
            .SelectMany(name => new[] { name, name + "-poison" })
            .Select(name => new QueueClient(connectionString, name))
            .ToArray();
        var listened = LocalAppSettings.ListenedQueueNames(all).Select(name => new QueueClient(connectionString, name)).ToArray();
        return new BenchApp(app, recorder, capture, clock, AppLikeTable(connectionString, LocalAppSettings.TableName(suffix)), queues, listened);
    }

    /// <summary>
    /// Wide: every day 00:00–23:30 UTC in 30-minute slots, a year ahead (room for thousands of distinct bookings; its
    /// page lists ~17,000 slots). Otherwise the README's calendar: weekdays 09:00–17:00 Berlin, 30 days ahead.
    /// </summary>
    public async Task CreateCalendarAsync(string calendarId, bool wide = true)
    {
        var day = new[] { wide ? new { start = "00:00", end = "23:30" } : new { start = "09:00", end = "17:00" } };
        var days = wide ? new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" } : ["monday", "tuesday", "wednesday", "thursday", "friday"];
        var availability = days.ToDictionary(d => d, _ => day);
        using var response = await Http.PutAsJsonAsync($"/api/calendars/{calendarId}", new
        {
            name = "Bench", timeZone = wide ? "UTC" : "Europe/Berlin", slotMinutes = 30, availability, minimumNoticeMinutes = 0,
            horizonDays = wide ? 365 : 30, contactMessage = "Call us.",
        });
        response.EnsureSuccessStatusCode();
    }

    public async Task<(string Url, string LinkId)> GenerateAsync(string calendarId, DateTimeOffset? expiresAt = null)
    {
        using var response = await Http.PostAsJsonAsync($"/api/calendars/{calendarId}/links", expiresAt is null ? new { } : (object)new { expiresAt = expiresAt.Value.ToString("O", CultureInfo.InvariantCulture) });
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var url = new Uri(body["url"]!.GetValue<string>());
        return (url.PathAndQuery, body["linkId"]!.GetValue<string>());
    }

    public async Task<int> StatusOfAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        return (int)response.StatusCode;
    }

    /// <summary>Posts a batch of <paramref name="count"/> links with request ids <c>{prefix}-{i}</c>; returns how many answered 201.</summary>
    public async Task<int> GenerateBatchAsync(string calendarId, int count, string prefix)
    {
        var links = Enumerable.Range(0, count).Select(i => new { requestId = $"{prefix}-{i}", expiresAt = TimeProvider.System.GetUtcNow().AddDays(7).ToString("O", CultureInfo.InvariantCulture) });
        using var response = await Http.PostAsJsonAsync($"/api/calendars/{calendarId}/links/batch", new { links });
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["results"]!.AsArray().Count(r => r!["status"]!.GetValue<int>() == 201);
    }

    public async Task<int> OpenAsync(string path, bool html = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(html ? "text/html" : "application/json");
        using var response = await Http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    public async Task<int> BookAsync(string path, DateTimeOffset start)
    {
        using var response = await Http.PostAsJsonAsync(path + "/book", new
        {
            start = start.ToString("O", CultureInfo.InvariantCulture), name = "Jane Doe", email = "jane@example.com",
        });
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    /// <summary>Books <paramref name="path"/> at <paramref name="start"/>; the booking's id, or null unless answered 201.</summary>
    public async Task<string?> BookForIdAsync(string path, DateTimeOffset start)
    {
        using var response = await Http.PostAsJsonAsync(path + "/book", new
        {
            start = start.ToString("O", CultureInfo.InvariantCulture), name = "Jane Doe", email = "jane@example.com",
        });
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Created ? JsonNode.Parse(body)!["bookingId"]!.GetValue<string>() : null;
    }

    /// <summary>The CRM cancels a booking (no reason).</summary>
    public async Task<int> CancelAsync(string calendarId, string bookingId)
    {
        using var response = await Http.PostAsJsonAsync($"/api/calendars/{calendarId}/bookings/{bookingId}/cancel", new { });
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    /// <summary>The CRM moves a booking to <paramref name="start"/>.</summary>
    public async Task<int> RescheduleAsync(string calendarId, string bookingId, DateTimeOffset start)
    {
        using var response = await Http.PostAsJsonAsync(
            $"/api/calendars/{calendarId}/bookings/{bookingId}/reschedule", new { start = start.ToString("O", CultureInfo.InvariantCulture) });
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    /// <summary>The CRM's PUT of one day's busy intervals: two of them, <paramref name="shift"/> minutes into their hours.</summary>
    public async Task<int> SyncBusyAsync(string calendarId, DateTimeOffset day, int shift)
    {
        var c = CultureInfo.InvariantCulture;
        var intervals = new[] { 9, 14 }.Select(hour => new
        {
            id = $"crm-{hour}", start = day.AddHours(hour).AddMinutes(shift).ToString("O", c), end = day.AddHours(hour + 1).AddMinutes(shift).ToString("O", c), title = "Busy",
        });
        using var response = await Http.PutAsJsonAsync(
            $"/api/calendars/{calendarId}/busy?from={Uri.EscapeDataString(day.ToString("O", c))}&to={Uri.EscapeDataString(day.AddDays(1).ToString("O", c))}",
            new { intervals });
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    /// <summary>A GET whose answer must be <paramref name="status"/> with a body containing <paramref name="marker"/> (empty: an empty body).</summary>
    public async Task<bool> AnswersAsync(string path, int status, string marker)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return (int)response.StatusCode == status && (marker.Length == 0 ? body.Length == 0 : body.Contains(marker, StringComparison.Ordinal));
    }

    public async Task<int> RevokeAsync(string calendarId, string linkId)
    {
        using var response = await Http.PostAsync($"/api/calendars/{calendarId}/links/{linkId}/revoke", null);
        return (int)response.StatusCode;
    }

    public async Task<int> ListAsync(string calendarId)
    {
        using var response = await Http.GetAsync($"/api/calendars/{calendarId}/links?pageSize=50");
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    /// <summary>The n-th distinct bookable start: spread over 300 days first, so concurrent bookings rarely share a date row.</summary>
    public static DateTimeOffset Slot(int n)
    {
        var firstDay = new DateTimeOffset(TimeProvider.System.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(2);
        return firstDay.AddDays(n % 300).AddMinutes(30 * ((n / 300) % 47));
    }

    /// <summary>
    /// Lets the events of the calls so far be published, then empties the queues they went to, so the next phase is not
    /// timed behind this one's backlog. Azurite keeps every queue's messages in one collection and scans it on each queue
    /// request: 10,000 messages left make a send-receive-delete on any queue 14 times slower (8 → 112 ms, measured), and
    /// the emulator's one process serves the tables too. The Service Bus stand-in has no reader here (in Azure events
    /// leave storage), and no bench app but the webhook row's has a subscription, so the fan-out would deliver nothing.
    /// </summary>
    public async Task SettleQueuesAsync()
    {
        await Services.GetRequiredService<IBackgroundEventDispatcher>().WhenIdleAsync();
        await Task.WhenAll(_queues.Select(ClearIfExistsAsync));

        static async Task ClearIfExistsAsync(QueueClient queue)
        {
            if (await queue.ExistsAsync())
            {
                await queue.ClearMessagesAsync();
            }
        }
    }

    /// <summary>
    /// Waits until the background work of the calls so far has ended: the events published, then every message of the
    /// queues the app's triggers read (workflow requests, webhook hand-offs and attempts) processed and deleted (Azurite
    /// counts a message being processed). Counting a call's rounds needs it: the webhook fan-out of one call's event,
    /// picked up by the listener a moment later, would otherwise be counted in the next call's.
    /// </summary>
    public async Task WhenBackgroundDoneAsync()
    {
        await Services.GetRequiredService<IBackgroundEventDispatcher>().WhenIdleAsync();
        var clock = Stopwatch.StartNew();
        foreach (var queue in _listenedQueues)
        {
            while (await QueueLengthAsync(queue) > 0)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    // The exception a long section's failure is reported as (Program.cs), not the end of the run.
                    throw new InvalidOperationException($"The app's listener left messages on {queue.Name} for 60 s.");
                }

                await Task.Delay(20);
            }
        }
    }

    /// <summary>About how many messages <paramref name="queue"/> holds (Azurite counts one being processed); 0 when it does not exist.</summary>
    public static async Task<int> QueueLengthAsync(QueueClient queue) =>
        (await queue.ExistsAsync()).Value ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Table.DeleteAsync();

        // Left behind, their messages would slow every later section's queues (see SettleQueuesAsync).
        await Task.WhenAll(_queues.Select(queue => queue.DeleteIfExistsAsync()));
    }
}
