using Azure.Storage.Queues;

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>
/// One Azurite for the whole test run, shared by every test class (a class fixture, so classes run in parallel) and
/// stopped when the test process exits. Tests isolate themselves by table and queue names, not by separate emulators.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Started by the first class that needs it; xunit v2 has no assembly fixture, and one emulator per class would
    // cost a node start-up each time.
    private static readonly Lazy<Task<AzuriteProcess>> Shared = new(StartSharedAsync);

    private AzuriteProcess? _azurite;

    public string ConnectionString => Started.ConnectionString;

    public int TablePort => Started.TablePort;

    public int QueuePort => Started.QueuePort;

    private AzuriteProcess Started => _azurite ?? throw new InvalidOperationException("Azurite has not been started.");

    public async Task InitializeAsync() => _azurite = await Shared.Value;

    /// <summary>
    /// Deletes the queues <paramref name="names"/> and their poison queues, if they exist. Azurite keeps every queue's
    /// messages in one collection and scans it on each queue request, so messages a test leaves behind (the events
    /// queue has no reader in the tests) slow every later test's queues: 2,000 of them double a send-receive-delete,
    /// 10,000 make it 14 times slower.
    /// </summary>
    public Task DeleteQueuesAsync(IEnumerable<string> names)
    {
        var queues = new QueueServiceClient(ConnectionString);
        return Task.WhenAll(names.SelectMany(name => new[] { name, name + "-poison" })
            .Select(name => queues.GetQueueClient(name).DeleteIfExistsAsync()));
    }

    // The process outlives each class; it is killed at exit (below).
    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<AzuriteProcess> StartSharedAsync()
    {
        var azurite = await AzuriteProcess.StartAsync(RepositoryPaths.Root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.Dispose();
        return azurite;
    }
}

/// <summary>
/// Test classes that must not run beside each other: the Chromium-driven page tests (each browser takes a core on a
/// 2-core machine, and their timeouts are for a browser that is not starved) and the bounded load run. Every other
/// class is its own collection and runs in parallel with them.
/// </summary>
[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "xUnit collection definitions are named *Collection by convention.")]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}

/// <summary>
/// Test classes that listen process-wide (OpenTelemetry's tracing listens to every ActivitySource in the process, so
/// another class's app would add its spans): xunit runs this collection on its own, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "xUnit collection definitions are named *Collection by convention.")]
public sealed class AloneCollection
{
    public const string Name = "Alone";
}
