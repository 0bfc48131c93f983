using OneTimeLinks.Core.Outbound;

namespace OneTimeLinks.Tests.BusyFeeds;

/// <summary>
/// A busy-feed test class whose every test gets a <see cref="FeedServer"/> on loopback and an app allowed to fetch from
/// it over plain http, with a one-second fetch timeout so the time-limit cases stay quick; both disposed after the test.
/// </summary>
public abstract class FeedServerAppTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private protected TestApp App { get; private set; } = null!;

    private protected FeedServer Server { get; private set; } = null!;

    /// <summary>Settings on top of the loopback permission and the fetch timeout.</summary>
    private protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public virtual async Task InitializeAsync()
    {
        Server = await FeedServer.StartAsync();
        var names = BusyFeedTestHelpers.DefaultResolver();
        var settings = new Dictionary<string, string?>(Settings)
        {
            ["BusyFeeds:AllowLoopbackHttp"] = "true",
            ["BusyFeeds:FetchTimeout"] = "00:00:01",
        };
        App = await TestApp.StartAsync(azurite, settings, services =>
        {
            services.AddSingleton<IHostResolver>(names);
            ConfigureServices(services);
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Server.DisposeAsync();
    }

    private protected virtual void ConfigureServices(IServiceCollection services)
    {
    }
}
