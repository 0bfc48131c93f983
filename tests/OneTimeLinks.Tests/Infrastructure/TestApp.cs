using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OneTimeLinks.Core.Outbound;
using OneTimeLinks.LocalRunner;

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>
/// The real app, hosted by the local runner on a free loopback port, over a real Azurite, with a fresh table (and
/// queue names) per instance and a pinned clock. Tests talk to it over HTTP like a CRM or a browser would.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string FunctionKey = "test-function-key";
    public const string MasterKey = "test-master-key";

    public const string UrlProtectionKey = LocalAppSettings.UrlProtectionKey;

    /// <summary>Where the app's clock starts unless a test passes another "now".</summary>
    public static readonly DateTimeOffset DefaultNow = TestClock.Pinned;

    private readonly LocalRunnerApp _app;
    private readonly string[] _queueNames;

    private TestApp(
        LocalRunnerApp app, FakeTimeProvider time, string tableName, string suffix, AzuriteFixture azurite, LoopbackOnlyConnector outbound, string[] queueNames)
    {
        _app = app;
        _queueNames = queueNames;
        Outbound = outbound;
        Time = time;
        TableName = tableName;
        Suffix = suffix;
        BaseAddress = app.BaseAddress;
        Public = new HttpClient(new EventsSettledHandler(this)) { BaseAddress = BaseAddress };
        Management = new HttpClient(new EventsSettledHandler(this)) { BaseAddress = BaseAddress };
        Management.DefaultRequestHeaders.Add("x-functions-key", FunctionKey);
        Table = new TableClient(azurite.ConnectionString, tableName);
        Azurite = azurite;
    }

    public Uri BaseAddress { get; }

    /// <summary>
    /// The app publishes events after it answers. By default the clients below wait for those publishes before handing
    /// back a response, so a test sees the events and outbox of a call as soon as the call returns; tests of the
    /// "answer first" behaviour turn this off.
    /// </summary>
    public bool WaitForEvents { get; set; } = true;

    /// <summary>No key: what an invitee's browser or a mail scanner has.</summary>
    public HttpClient Public { get; }

    /// <summary>Sends the function key, as a CRM does.</summary>
    public HttpClient Management { get; }

    public FakeTimeProvider Time { get; }

    public string TableName { get; }

    /// <summary>Appended to queue names so concurrent test apps never share a queue.</summary>
    public string Suffix { get; }

    public TableClient Table { get; }

    public AzuriteFixture Azurite { get; }

    /// <summary>The app's services (the worker's container).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Every outbound connection the app asked for (webhook deliveries, feed fetches); only loopback is let through.</summary>
    public LoopbackOnlyConnector Outbound { get; }

    /// <summary>The local runner hosting the app.</summary>
    public LocalRunnerApp Runner => _app;

    public string EventsQueueName => $"link-events-{Suffix}";

    public string WorkflowRequestsQueueName => $"link-requests-{Suffix}";

    public string WebhookEventsQueueName => $"webhook-events-{Suffix}";

    public string WebhookAttemptsQueueName => $"webhook-attempts-{Suffix}";

    public static async Task<TestApp> StartAsync(
        AzuriteFixture azurite,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        DateTimeOffset? now = null,
        Action<ILoggingBuilder>? logging = null,
        Action<FunctionsApplicationBuilder>? worker = null)
    {
        // worker: runs on the app's builder before its composition root, so a middleware it adds is the outermost.
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var tableName = LocalAppSettings.TableName(suffix);
        var time = new FakeTimeProvider(now ?? DefaultNow);
        var outbound = new LoopbackOnlyConnector();
        var configuration = LocalAppSettings.For(azurite.ConnectionString, suffix, "https://book.example.test", FunctionKey, MasterKey);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var app = LocalRunnerHost.Build(
            ["--urls", "http://127.0.0.1:0"],
            host =>
            {
                host.Configuration.AddInMemoryCollection(configuration);
                logging?.Invoke(host.Logging);
            },
            functions =>
            {
                functions.Services.AddSingleton<TimeProvider>(time);
                functions.Services.AddSingleton<IOutboundConnector>(outbound);
                services?.Invoke(functions.Services);
                worker?.Invoke(functions);
            });
        await app.StartAsync();
        var queueNames = LocalAppSettings.QueueNames(configuration);
        return new TestApp(app, time, tableName, suffix, azurite, outbound, queueNames);
    }

    /// <summary>
    /// A handler that, like <see cref="Public"/> and <see cref="Management"/>, hands back a response only once the events
    /// of its call are published (when <see cref="WaitForEvents"/> is on); for clients a test builds with its own handler.
    /// </summary>
    public DelegatingHandler EventsSettled(HttpMessageHandler inner) => new EventsSettledHandler(this, inner);

    /// <summary>Waits for the app's events to be published when <see cref="WaitForEvents"/> is on.</summary>
    private sealed class EventsSettledHandler(TestApp app, HttpMessageHandler? inner = null) : DelegatingHandler(inner ?? new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (app.WaitForEvents)
            {
                // Resolved here, not at start: the app resolves its storage clients on first use, and some tests count that.
                await app.Services.GetRequiredService<IBackgroundEventDispatcher>().WhenIdleAsync();
            }

            return response;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Public.Dispose();
        Management.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Table.DeleteAsync();
        await Azurite.DeleteQueuesAsync(_queueNames);
    }
}
