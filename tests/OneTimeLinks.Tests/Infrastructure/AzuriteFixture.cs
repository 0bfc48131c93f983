namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>
/// One Azurite for the whole test run, stopped at the end. Tests isolate themselves by table and queue names, not by
/// separate emulators.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => Started.ConnectionString;

    public int TablePort => Started.TablePort;

    public int QueuePort => Started.QueuePort;

    private AzuriteProcess Started => _azurite ?? throw new InvalidOperationException("Azurite has not been started.");

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync(RepositoryPaths.Root);

    public Task DisposeAsync()
    {
        _azurite?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "xUnit collection definitions are named *Collection by convention.")]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
