using OneTimeLinks.Functions.Hosting;
using OneTimeLinks.Core.Availability;
using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Hosting;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Sweeping;
using OneTimeLinks.Core.Webhooks;

namespace OneTimeLinks.Tests.Sweeping;

/// <summary>
/// The Core services over one fresh table on the shared Azurite, without the HTTP host, so a test can run several
/// "instances" side by side: each <see cref="SweepInstance"/> has its own clock and services (like two Functions
/// instances) over the same table, the same recording publisher and the same log.
/// </summary>
internal sealed class SweepHarness : IAsyncDisposable
{
    /// <summary>Where an instance's clock starts unless a test passes another one.</summary>
    public static readonly DateTimeOffset DefaultNow = TestClock.Pinned;

    private readonly AzuriteFixture _azurite;
    private readonly Dictionary<string, string?> _settings;
    private readonly List<SweepInstance> _instances = [];

    private SweepHarness(AzuriteFixture azurite, string tableName, Dictionary<string, string?> settings)
    {
        _azurite = azurite;
        _settings = settings;
        TableName = tableName;
        Table = new TableClient(azurite.ConnectionString, tableName);
    }

    public string TableName { get; }

    /// <summary>Uncounted, for seeding and assertions.</summary>
    public TableClient Table { get; }

    public RecordingPublisher Events { get; } = new();

    public LogSink Logs { get; } = new();

    public static async Task<SweepHarness> CreateAsync(AzuriteFixture azurite, IDictionary<string, string?>? settings = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var tableName = "sweep" + suffix;
        var all = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:TableName"] = tableName,
            ["Links:PublicBaseUrl"] = "https://book.example.test",
            ["Links:UrlProtectionKey"] = TestApp.UrlProtectionKey,
            ["ServiceBus:LocalQueueName"] = "sweep-events-unused",
            ["LinkRequestsQueueName"] = "sweep-requests-unused",

            // Events are handed off to webhook delivery on this queue, and no listener reads it here: deleted at the end.
            ["WebhookEventsQueueName"] = "sweep-webhook-events-" + suffix,
            ["WebhookAttemptsQueueName"] = "sweep-webhook-attempts-" + suffix,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var harness = new SweepHarness(azurite, tableName, all);
        await harness.Table.CreateIfNotExistsAsync();
        return harness;
    }

    /// <summary>One app instance over the table: its own clock, services and (optionally) pipeline policies.</summary>
    public SweepInstance CreateInstance(
        FakeTimeProvider? time = null, Action<IServiceCollection>? configure = null, params HttpPipelinePolicy[] policies)
    {
        time ??= new FakeTimeProvider(DefaultNow);
        var clientOptions = new TableClientOptions();
        foreach (var policy in policies)
        {
            clientOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
        services.AddOneTimeLinksCore(configuration).AddHostConventions(configuration);
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        services.Replace(ServiceDescriptor.Singleton(new TableClient(_azurite.ConnectionString, TableName, clientOptions)));
        services.Replace(ServiceDescriptor.Singleton<IEventPublisher>(Events));

        // Requests here publish before they return (the app answers first and publishes after): these tests count
        // events right after a call, and no HTTP answer is being measured.
        services.Replace(ServiceDescriptor.Singleton<IEventDispatcher>(sp => sp.GetRequiredService<OutboxEventDispatcher>()));
        configure?.Invoke(services);
        var instance = new SweepInstance(services.BuildServiceProvider(), time);
        _instances.Add(instance);
        return instance;
    }

    /// <summary>Inserts active, non-expiring links straight into the table, 100 per transaction.</summary>
    public async Task SeedLiveLinksAsync(string calendarId, int count, DateTimeOffset createdAt)
    {
        var entities = Enumerable.Range(0, count).Select(_ => EntityMapping.ToEntity(new Link(
            calendarId, LinkIds.New(createdAt), LinkStatus.Active, ExpiresAt: null, Note: "seeded", MaxUses: 1, Uses: 0,
            Contact: null, createdAt, EndedAt: null, TokenHash: new string('0', 64), RequestId: null)));
        foreach (var chunk in entities.Chunk(100))
        {
            await Table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
        }
    }

    /// <summary>Every claim the agenda rows of <paramref name="calendarId"/> hold (a claim spanning two dates counts once).</summary>
    public async Task<List<AgendaEntry>> AgendaClaimsAsync(string calendarId)
    {
        var filter = TableKeys.PrefixFilter(TableKeys.CalendarPartition(calendarId), "agenda|");
        var claims = new List<AgendaEntry>();
        await foreach (var row in Table.QueryAsync<AgendaEntity>(filter))
        {
            claims.AddRange(AgendaRows.ToDay(row).Entries);
        }

        return [.. claims.Distinct()];
    }

    /// <summary>The row keys of the bookings made through <paramref name="linkId"/>.</summary>
    public async Task<List<string>> BookingRowKeysAsync(string calendarId, string linkId)
    {
        var partition = TableKeys.CalendarPartition(calendarId);
        var keys = new List<string>();
        await foreach (var row in Table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and LinkId eq {linkId} and RowKey ge {"booking|"} and RowKey lt {"booking|~"}"),
            select: ["RowKey"]))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }

    public async Task<List<string>> RowKeysAsync(string calendarId, string prefix)
    {
        var partition = TableKeys.CalendarPartition(calendarId);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        var keys = new List<string>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"]))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }

    public async Task<LinkEntity?> GetLinkRowAsync(string calendarId, string linkId)
    {
        var response = await Table.GetEntityIfExistsAsync<LinkEntity>(TableKeys.CalendarPartition(calendarId), TableKeys.LinkRow(linkId));
        return response.HasValue ? response.Value : null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await Table.DeleteAsync();
        await _azurite.DeleteQueuesAsync(
            new[] { WebhookQueueOptions.EventsQueueSetting, WebhookQueueOptions.AttemptsQueueSetting }.Select(setting => _settings[setting]!));
    }
}

/// <summary>One app instance: the Core services with their own clock.</summary>
internal sealed class SweepInstance(ServiceProvider services, FakeTimeProvider time) : IAsyncDisposable
{
    public IServiceProvider Services => services;

    public FakeTimeProvider Time => time;

    public Task<SweepResult> SweepAsync(CancellationToken cancellationToken = default) =>
        services.GetRequiredService<ISweepService>().SweepAsync(cancellationToken);

    /// <summary>Weekdays 09:00–17:00 Berlin, 30-minute slots, no notice.</summary>
    public async Task CreateCalendarAsync(string calendarId, int horizonDays = 30)
    {
        var window = new List<TimeWindowRequest> { new("09:00", "17:00") };
        var availability = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }
            .ToDictionary(day => day, IReadOnlyList<TimeWindowRequest>? (_) => window);
        var outcome = await services.GetRequiredService<ICalendarService>().SaveAsync(
            calendarId, new CalendarRequest("Dr. Sweep", "Europe/Berlin", 30, availability, 0, horizonDays, "Call us."));
        Assert.IsType<SaveCalendarOutcome.Saved>(outcome);
    }

    public async Task<GeneratedLink> GenerateAsync(string calendarId, DateTimeOffset? expiresAt = null, int maxUses = 1)
    {
        var outcome = await services.GetRequiredService<ILinkService>().GenerateAsync(
            calendarId, new GenerateLinkRequest(expiresAt?.ToString("O"), "sweep test", maxUses, null));
        var created = Assert.IsType<GenerateLinkOutcome.Created>(outcome);
        return new GeneratedLink(calendarId, created.Link.LinkId, created.Url[(created.Url.LastIndexOf('/') + 1)..]);
    }

    /// <summary>One page of the link's free slots (an open answers at most <see cref="SlotWindow.MaxDays"/> days), from <paramref name="from"/> when given.</summary>
    public async Task<IReadOnlyList<Slot>> SlotsAsync(GeneratedLink link, DateTimeOffset? from = null)
    {
        var outcome = await services.GetRequiredService<IBookingService>().OpenAsync(link.Token, from, durationMinutes: null);
        return Assert.IsType<OpenLinkOutcome.Open>(outcome).Slots;
    }

    public Task<BookLinkOutcome> BookAsync(GeneratedLink link, DateTimeOffset start, string? idempotencyKey = null) =>
        services.GetRequiredService<IBookingService>().BookAsync(
            link.Token, new BookingRequest(start.ToString("O"), "Jane Doe", "jane@example.com", null, null), idempotencyKey);

    public async Task RevokeAsync(GeneratedLink link) =>
        Assert.IsType<RevokeLinkOutcome.Revoked>(await services.GetRequiredService<ILinkService>().RevokeAsync(link.CalendarId, link.LinkId));

    public ValueTask DisposeAsync() => services.DisposeAsync();
}

internal sealed record GeneratedLink(string CalendarId, string LinkId, string Token);

/// <summary>The event transport of the tests: records what was published; can fail or cut a run off on demand.</summary>
internal sealed class RecordingPublisher : IEventPublisher
{
    private readonly ConcurrentQueue<LinkEvent> _published = new();
    private int _failuresLeft;

    /// <summary>Called before each event is recorded; may throw to simulate a failure or a cut-off at that point.</summary>
    public Action<LinkEvent>? BeforePublish { get; set; }

    public IReadOnlyList<LinkEvent> Published => [.. _published];

    /// <summary>The next <paramref name="count"/> publish calls fail, as an unreachable Service Bus would.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failuresLeft, count);

    public IReadOnlyList<LinkEvent> OfType(string type) => [.. _published.Where(e => e.Type == type)];

    public Task PublishAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new InvalidOperationException("Injected publish failure.");
        }

        foreach (var linkEvent in events)
        {
            BeforePublish?.Invoke(linkEvent);
            _published.Enqueue(linkEvent);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Fails chosen storage requests before they are sent, as a dropped connection would.</summary>
internal sealed class FaultInjector(Func<HttpMessage, bool> shouldFail) : HttpPipelineSynchronousPolicy
{
    public bool Armed { get; set; }

    public override void OnSendingRequest(HttpMessage message)
    {
        if (Armed && shouldFail(message))
        {
            throw new Azure.RequestFailedException(503, "Injected storage failure.");
        }
    }
}

/// <summary>Keeps every formatted log line.</summary>
internal sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(_lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
