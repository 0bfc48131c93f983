using Microsoft.Extensions.DependencyInjection;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Tests.Infrastructure;

namespace OneTimeLinks.Tests.Sweeping;

/// <summary>The purge transactions of <see cref="TableSweepStore"/> when two sweeps work on the same target.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SweepStoreTests(AzuriteFixture azurite)
{
    private const string Calendar = "store-cal";

    [Fact]
    public async Task DeletePurgeTarget_FromAStaleRead_DeletesNothingAndNeverFreesTime()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite, new Dictionary<string, string?> { ["Retention:EndedLinks"] = "00:00:00" });
        var app = harness.CreateInstance();
        await app.CreateCalendarAsync(Calendar);
        var first = await app.GenerateAsync(Calendar);
        var second = await app.GenerateAsync(Calendar);
        var slots = await app.SlotsAsync(first);
        Assert.IsType<BookLinkOutcome.Booked>(await app.BookAsync(first, slots[0].Start));
        var store = app.Services.GetRequiredService<ISweepStore>();
        var due = await store.GetDuePurgesAsync(Calendar, app.Time.GetUtcNow()).SingleAsync();
        var staleTarget = await store.ReadPurgeTargetAsync(due);

        // One sweep purges the link; its booking's claim on time stays in the agenda (only the date's own purge, after
        // the date, removes it), so the time stays taken. Another link books the next slot.
        Assert.True(await store.DeletePurgeTargetAsync(await store.ReadPurgeTargetAsync(due)));
        Assert.IsType<BookLinkOutcome.SlotUnavailable>(await app.BookAsync(second, slots[0].Start));
        Assert.IsType<BookLinkOutcome.Booked>(await app.BookAsync(second, slots[1].Start));

        // A second sweep that read the purge row before acts on it now.
        Assert.False(await store.DeletePurgeTargetAsync(staleTarget));

        Assert.Equal([slots[0].Start, slots[1].Start], (await harness.AgendaClaimsAsync(Calendar)).Select(claim => claim.Start).Order());
        Assert.Single(await harness.BookingRowKeysAsync(Calendar, second.LinkId));
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
        Assert.Empty(await harness.BookingRowKeysAsync(Calendar, link.LinkId));
        Assert.DoesNotContain(await harness.RowKeysAsync(Calendar, TableKeys.PurgeRowPrefix), key => key.Contains("|link|", StringComparison.Ordinal));
    }
}
