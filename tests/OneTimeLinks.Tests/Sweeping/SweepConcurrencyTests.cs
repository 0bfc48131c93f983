using Microsoft.Extensions.Time.Testing;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Storage;
using Xunit.Abstractions;

namespace OneTimeLinks.Tests.Sweeping;

/// <summary>
/// The sweep beside other writers and other sweeps, and cut off part-way: each piece of work is done once, and no
/// committed change is left unpublished.
/// </summary>
public sealed class SweepConcurrencyTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const string Calendar = "race-cal";

    [Fact]
    public async Task BookAndSweep_RacingAtTheExpiryInstant_EndEachLinkBookedXorExpired_WithExactlyTheMatchingEvent()
    {
        const int Rounds = 24;
        await using var harness = await SweepHarness.CreateAsync(azurite);
        var expiresAt = SweepHarness.DefaultNow.AddMinutes(30);

        // The invitee's request decided "still active" one tick before the instant; the sweep runs at the instant. Their
        // transactions race on the link's ETag.
        var booker = harness.CreateInstance(new FakeTimeProvider(expiresAt.AddTicks(-1)));
        var sweeper = harness.CreateInstance(new FakeTimeProvider(expiresAt));
        await booker.CreateCalendarAsync(Calendar);
        var slots = await booker.SlotsAsync(await booker.GenerateAsync(Calendar));
        var booked = 0;
        var expired = 0;
        for (var round = 0; round < Rounds; round++)
        {
            // One link per round, each on its own slot, so the rounds never interfere.
            var link = await booker.GenerateAsync(Calendar, expiresAt);
            var start = slots[round].Start;
            var (bookDelay, sweepDelay) = round % 2 == 0 ? (Random.Shared.Next(0, 4), 0) : (0, Random.Shared.Next(0, 4));
            var book = Task.Run(async () =>
            {
                await Task.Delay(bookDelay);
                return await booker.BookAsync(link, start);
            });
            var sweep = Task.Run(async () =>
            {
                await Task.Delay(sweepDelay);
                return await sweeper.SweepAsync();
            });
            var bookOutcome = await book;
            var sweepResult = await sweep;

            var row = (await harness.GetLinkRowAsync(Calendar, link.LinkId))!;
            var used = harness.Events.OfType(LinkEventTypes.Used).Count(e => e.LinkId == link.LinkId);
            var expiredEvents = harness.Events.OfType(LinkEventTypes.Expired).Count(e => e.LinkId == link.LinkId);
            var bookings = await harness.BookingRowKeysAsync(Calendar, link.LinkId);
            var slotClaims = (await harness.AgendaClaimsAsync(Calendar)).Where(claim => claim.Start == start).ToList();
            if (row.Status == "used")
            {
                booked++;
                Assert.IsType<BookLinkOutcome.Booked>(bookOutcome);
                Assert.Equal(0, sweepResult.Expired);
                Assert.Equal((1, 0), (used, expiredEvents));
                Assert.Single(bookings);
                Assert.Single(slotClaims);
            }
            else
            {
                expired++;
                Assert.Equal("expired", row.Status);
                var dead = Assert.IsType<BookLinkOutcome.Dead>(bookOutcome);
                Assert.Equal(LinkStatus.Expired, dead.Status);
                Assert.Equal(1, sweepResult.Expired);
                Assert.Equal((0, 1), (used, expiredEvents));
                Assert.Empty(bookings);
                Assert.Empty(slotClaims);
            }

            Assert.Empty(await harness.RowKeysAsync(Calendar, TableKeys.ExpiryRow(expiresAt, link.LinkId)));
        }

        // A booking that read the link as active and then lost the ETag race logs that it re-reads.
        var lostByBooking = harness.Logs.Lines.Count(line => line.Contains("changed during booking attempt", StringComparison.Ordinal));
        output.WriteLine($"{Rounds} races at the expiry instant: {booked} booked, {expired} expired; {lostByBooking} booking(s) lost a commit race to the sweep.");
        Assert.Equal(Rounds, booked + expired);
    }

    [Fact]
    public async Task TwoSweepsAtOnce_DoEachPieceOfWorkOnce_AndPublishNoDuplicateEvent()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite, new Dictionary<string, string?> { ["Retention:EndedLinks"] = "00:30:00" });
        var t0 = SweepHarness.DefaultNow;
        var setup = harness.CreateInstance(new FakeTimeProvider(t0));
        await setup.CreateCalendarAsync(Calendar);
        await setup.CreateCalendarAsync(Calendar + "-2");
        var expiring = new List<GeneratedLink>();
        for (var i = 0; i < 30; i++)
        {
            expiring.Add(await setup.GenerateAsync(i % 3 == 0 ? Calendar + "-2" : Calendar, t0.AddMinutes(31 + i)));
        }

        for (var i = 0; i < 10; i++)
        {
            await setup.RevokeAsync(await setup.GenerateAsync(i % 2 == 0 ? Calendar : Calendar + "-2"));
        }

        harness.Events.FailNext(6);
        var stranded = new List<GeneratedLink>();
        for (var i = 0; i < 6; i++)
        {
            stranded.Add(await setup.GenerateAsync(Calendar));
        }

        var publishedBefore = harness.Events.Published.Count;
        var first = harness.CreateInstance(new FakeTimeProvider(t0.AddHours(1)));
        var second = harness.CreateInstance(new FakeTimeProvider(t0.AddHours(1)));
        var results = await Task.WhenAll(Task.Run(() => first.SweepAsync()), Task.Run(() => second.SweepAsync()));

        output.WriteLine(string.Join(" | ", results.Select(r => $"expired {r.Expired}, purged {r.Purged}, redelivered {r.Redelivered}")));
        Assert.Equal(30, results.Sum(r => r.Expired));
        Assert.Equal(10, results.Sum(r => r.Purged));
        Assert.Equal(6, results.Sum(r => r.Redelivered));
        var published = harness.Events.Published.Skip(publishedBefore).ToList();
        Assert.Equal(published.Count, published.Select(e => e.Id).Distinct().Count());
        Assert.Equal(expiring.Select(l => l.LinkId).Order(), published.Where(e => e.Type == LinkEventTypes.Expired).Select(e => e.LinkId).Order());
        Assert.Equal(stranded.Select(l => l.LinkId).Order(), published.Where(e => e.Type == LinkEventTypes.Generated).Select(e => e.LinkId).Order());
        Assert.Equal(36, published.Count);
        foreach (var calendar in new[] { Calendar, Calendar + "-2" })
        {
            Assert.Empty(await harness.RowKeysAsync(calendar, TableKeys.OutboxRowPrefix));
            Assert.Empty(await harness.RowKeysAsync(calendar, TableKeys.ExpiryRowPrefix));
        }

        var again = await first.SweepAsync();
        Assert.Equal((0, 0, 0), (again.Expired, again.Purged, again.Redelivered));
    }

    [Fact]
    public async Task Sweep_CutOffAfterACommitBeforeItsPublish_LosesNothing_AndTheNextRunFinishesTheJob()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite);
        var t0 = SweepHarness.DefaultNow;
        var app = harness.CreateInstance(new FakeTimeProvider(t0));
        await app.CreateCalendarAsync(Calendar);
        var links = new List<GeneratedLink>();
        for (var i = 0; i < 10; i++)
        {
            links.Add(await app.GenerateAsync(Calendar, t0.AddMinutes(10 + i)));
        }

        // The fourth expiry commits, then the run is cancelled (the host shutting down) before its event goes out.
        using var cancellation = new CancellationTokenSource();
        var expiredSeen = 0;
        harness.Events.BeforePublish = e =>
        {
            if (e.Type == LinkEventTypes.Expired && ++expiredSeen == 4)
            {
                cancellation.Cancel();
                cancellation.Token.ThrowIfCancellationRequested();
            }
        };
        app.Time.SetUtcNow(t0.AddMinutes(30));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.SweepAsync(cancellation.Token));
        harness.Events.BeforePublish = null;

        Assert.Equal(3, harness.Events.OfType(LinkEventTypes.Expired).Count);
        Assert.Equal(4, (await Task.WhenAll(links.Select(l => harness.GetLinkRowAsync(Calendar, l.LinkId)))).Count(r => r!.Status == "expired"));
        Assert.Single(await harness.RowKeysAsync(Calendar, TableKeys.OutboxRowPrefix));
        Assert.Equal(6, (await harness.RowKeysAsync(Calendar, TableKeys.ExpiryRowPrefix)).Count);

        app.Time.Advance(TimeSpan.FromMinutes(5));
        var next = await app.SweepAsync();

        Assert.Equal((6, 1), (next.Expired, next.Redelivered));
        var expired = harness.Events.OfType(LinkEventTypes.Expired);
        Assert.Equal(links.Select(l => l.LinkId).Order(), expired.Select(e => e.LinkId).Order());
        Assert.Empty(await harness.RowKeysAsync(Calendar, TableKeys.OutboxRowPrefix));
        Assert.Empty(await harness.RowKeysAsync(Calendar, TableKeys.ExpiryRowPrefix));
    }

    /// <summary>
    /// The due hint is what brings the sweep to an event a request committed but never published. This test books in a
    /// minute no earlier write has hinted, so only the booking's own hint can lead the sweep there.
    /// </summary>
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
