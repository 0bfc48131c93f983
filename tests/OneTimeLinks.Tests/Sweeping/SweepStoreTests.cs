using Microsoft.Extensions.DependencyInjection;
using OneTimeLinks.Core.Booking;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Tests.Infrastructure;

namespace OneTimeLinks.Tests.Sweeping;

/// <summary>The purge transactions of <see cref="TableSweepStore"/> when two sweeps work on the same target.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SweepStoreTests(AzuriteFixture azurite)
{
    private const string Calendar = "store-cal";

    [Fact]
    public async Task DeletePurgeTarget_FromAStaleRead_NeverDeletesASlotClaimedAgainSince()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite, new Dictionary<string, string?> { ["Retention:EndedLinks"] = "00:00:00" });
        var app = harness.CreateInstance();
        await app.CreateCalendarAsync(Calendar);
        var first = await app.GenerateAsync(Calendar);
        var second = await app.GenerateAsync(Calendar);
        var slot = (await app.SlotsAsync(first))[0];
        Assert.IsType<BookLinkOutcome.Booked>(await app.BookAsync(first, slot.Start));
        var store = app.Services.GetRequiredService<ISweepStore>();
        var due = await store.GetDuePurgesAsync(Calendar, app.Time.GetUtcNow()).SingleAsync();
        var staleTarget = await store.ReadPurgeTargetAsync(due);

        // One sweep purges the link (the slot, still ahead, is free again) and another link books that slot.
        Assert.True(await store.DeletePurgeTargetAsync(await store.ReadPurgeTargetAsync(due)));
        Assert.IsType<BookLinkOutcome.Booked>(await app.BookAsync(second, slot.Start));

        // A second sweep that read the purge row before acts on it now.
        Assert.False(await store.DeletePurgeTargetAsync(staleTarget));

        Assert.Single(await harness.RowKeysAsync(Calendar, TableKeys.SlotRow(slot.Start)));
        Assert.Single(await harness.RowKeysAsync(Calendar, TableKeys.BookingRowPrefix(second.LinkId)));
        Assert.Null(await harness.GetLinkRowAsync(Calendar, first.LinkId));
    }

    [Fact]
    public async Task DeletePurgeTarget_TwoSweepsOnOneLargeLinkAtOnce_RemoveEverythingAndOnlyOneReportsIt()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite, new Dictionary<string, string?> { ["Retention:EndedLinks"] = "00:00:00" });
        var app = harness.CreateInstance();
        await app.CreateCalendarAsync(Calendar);
        var link = await app.GenerateAsync(Calendar, maxUses: 60);
        foreach (var slot in (await app.SlotsAsync(link)).Take(60))
        {
            Assert.IsType<BookLinkOutcome.Booked>(await app.BookAsync(link, slot.Start));
        }

        var stores = new[] { app, harness.CreateInstance() }.Select(i => i.Services.GetRequiredService<ISweepStore>()).ToArray();
        var due = await stores[0].GetDuePurgesAsync(Calendar, app.Time.GetUtcNow()).SingleAsync();
        var targets = await Task.WhenAll(stores.Select(s => s.ReadPurgeTargetAsync(due)));
        Assert.All(targets, t => Assert.Equal(60, t.Bookings.Count));

        var results = await Task.WhenAll(stores.Select((s, i) => Task.Run(() => s.DeletePurgeTargetAsync(targets[i]))));

        Assert.Equal(1, results.Count(removed => removed));
        Assert.Null(await harness.GetLinkRowAsync(Calendar, link.LinkId));
        Assert.Empty(await harness.RowKeysAsync(Calendar, TableKeys.BookingRowPrefix(link.LinkId)));
        Assert.Empty(await harness.RowKeysAsync(Calendar, TableKeys.SlotRowPrefix));
        Assert.Empty(await harness.RowKeysAsync(Calendar, TableKeys.PurgeRowPrefix));
    }
}
