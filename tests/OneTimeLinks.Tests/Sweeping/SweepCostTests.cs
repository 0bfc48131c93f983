using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace OneTimeLinks.Tests.Sweeping;

/// <summary>The sweep's storage requests grow with the links it acts on, not with the links that exist.</summary>
public sealed class SweepCostTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const string Calendar = "cost-cal";
    private const int Expiring = 20;

    // Per expired link: read it, commit the expiry (one transaction), remove its published event from the outbox.
    private const int RequestsPerExpiredLink = 3;

    // The due-index query, three index range queries for the one calendar it names, two "next not yet due" queries
    // and the hint for the next purge they find, one hint for the run's outbox rows (their minute is shared), and one
    // batch deleting the spent hints.
    private const int FixedRequests = 9;

    [Fact]
    public async Task Sweep_RequestCount_DependsOnTheLinksActedOn_NotOnTheLiveLinks()
    {
        var small = await CountSweepRequestsAsync(liveLinks: 200);
        var large = await CountSweepRequestsAsync(liveLinks: 2_000);

        output.WriteLine($"200 live + {Expiring} expiring: {small.Count} requests ({small.Breakdown})");
        output.WriteLine($"2000 live + {Expiring} expiring: {large.Count} requests ({large.Breakdown})");
        Assert.Equal(small.Count, large.Count);
        Assert.Equal(FixedRequests + (RequestsPerExpiredLink * Expiring), large.Count);
    }

    private async Task<(int Count, string Breakdown)> CountSweepRequestsAsync(int liveLinks)
    {
        await using var harness = await SweepHarness.CreateAsync(azurite);
        var t0 = SweepHarness.DefaultNow;
        var setup = harness.CreateInstance(new FakeTimeProvider(t0));
        await setup.CreateCalendarAsync(Calendar);
        for (var i = 0; i < Expiring; i++)
        {
            await setup.GenerateAsync(Calendar, t0.AddMinutes(10 + i));
        }

        await harness.SeedLiveLinksAsync(Calendar, liveLinks, t0);

        var counter = new StorageRequestRecorder(StorageRequestKinds.Of);
        var app = harness.CreateInstance(new FakeTimeProvider(t0.AddHours(1)), configure: null, policies: counter);
        var result = await app.SweepAsync();

        Assert.Equal(Expiring, result.Expired);
        Assert.Equal(Expiring, harness.Events.OfType(LinkEventTypes.Expired).Count);
        return (counter.Count, counter.Describe());
    }
}
