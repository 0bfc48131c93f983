using Microsoft.Extensions.Time.Testing;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Tests.Infrastructure;

namespace OneTimeLinks.Tests.Sweeping;

/// <summary>
/// The due hint is what brings the sweep to an event a request committed but never published. These tests book in a
/// minute no earlier write has hinted, so only the booking's own hint can lead the sweep there.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SweepCrashTests(AzuriteFixture azurite)
{
    private const string Calendar = "crash-cal";

    [Fact]
    public async Task Sweep_ProcessDroppedAfterABookingCommitsInAnUnhintedMinute_PublishesTheStrandedEvent()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite);
        var t0 = SweepHarness.DefaultNow;
        var setup = harness.CreateInstance(new FakeTimeProvider(t0));
        await setup.CreateCalendarAsync(Calendar);
        var link = await setup.GenerateAsync(Calendar);
        var start = (await setup.SlotsAsync(link))[0].Start;

        // Ten minutes on, a sweep has published and cleared everything the set-up hinted: the due index is empty.
        setup.Time.Advance(TimeSpan.FromMinutes(10));
        await setup.SweepAsync();
        Assert.Empty(await DueRowsAsync(harness));

        // A fresh instance books; its publish never happens (the process is dropped between commit and publish).
        var booker = harness.CreateInstance(new FakeTimeProvider(setup.Time.GetUtcNow()));
        harness.Events.FailNext(1);
        Assert.IsType<BookLinkOutcome.Booked>(await booker.BookAsync(link, start));
        await booker.DisposeAsync();
        Assert.Empty(harness.Events.OfType(LinkEventTypes.Used));
        Assert.Single(await harness.RowKeysAsync(Calendar, TableKeys.OutboxRowPrefix));

        // Another instance's sweep, once the redelivery delay has passed, finds it through the booking's hint alone.
        var sweeper = harness.CreateInstance(new FakeTimeProvider(setup.Time.GetUtcNow().AddMinutes(3)));
        var result = await sweeper.SweepAsync();

        Assert.Equal(1, result.Redelivered);
        Assert.Single(harness.Events.OfType(LinkEventTypes.Used), e => e.LinkId == link.LinkId);
        Assert.Empty(await harness.RowKeysAsync(Calendar, TableKeys.OutboxRowPrefix));
    }

    private static async Task<List<string>> DueRowsAsync(SweepHarness harness)
    {
        var rows = new List<string>();
        await foreach (var row in harness.Table.QueryAsync<Azure.Data.Tables.TableEntity>(
            Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.DuePartition}"), select: ["RowKey"]))
        {
            rows.Add(row.RowKey);
        }

        return rows;
    }
}
