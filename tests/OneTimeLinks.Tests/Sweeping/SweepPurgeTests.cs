using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Tests.Sweeping;

/// <summary>
/// The sweep's purge of what has outlived its retention, and the purge transactions of <see cref="TableSweepStore"/>
/// when two sweeps work on the same target.
/// </summary>
public sealed class SweepPurgeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Calendar = "purge-cal";
    private static readonly TimeSpan Retention = TimeSpan.FromDays(90);
    private static readonly Dictionary<string, string?> EndedLinksPurgedAtOnce = new() { ["Retention:EndedLinks"] = "00:00:00" };

    [Fact]
    public async Task Sweep_PurgesIdempotencyRecordsAndEndedLinksAfterRetention_AndNothingBefore()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite);
        var app = harness.CreateInstance();
        var t0 = SweepHarness.DefaultNow;
        await app.CreateCalendarAsync(Calendar);
        var used = await app.GenerateAsync(Calendar);
        var revoked = await app.GenerateAsync(Calendar);
        var active = await app.GenerateAsync(Calendar);
        var usedLater = await app.GenerateAsync(Calendar);
        var slot = (await app.SlotsAsync(used))[0];
        Assert.IsType<BookLinkOutcome.Booked>(await app.BookAsync(used, slot.Start, idempotencyKey: "key-1"));
        await app.RevokeAsync(revoked);
        var usedRows = await RowsOfAsync(harness, used.LinkId);
        Assert.Equal(3, usedRows.Count); // link, booking, idempotency record

        // The idempotency record lives 24 hours.
        app.Time.SetUtcNow(t0 + TimeSpan.FromHours(24) - TimeSpan.FromTicks(1));
        Assert.Equal(0, (await app.SweepAsync()).Purged);
        Assert.Equal(usedRows, await RowsOfAsync(harness, used.LinkId));
        app.Time.SetUtcNow(t0 + TimeSpan.FromHours(24));
        Assert.Equal(1, (await app.SweepAsync()).Purged);
        Assert.Equal(usedRows.Where(k => !k.StartsWith("idem|", StringComparison.Ordinal)), await RowsOfAsync(harness, used.LinkId));

        // A past date's agenda row goes three days after the date; the booking's date is long past by now.
        app.Time.SetUtcNow(t0 + TimeSpan.FromDays(10));
        Assert.Equal(1, (await app.SweepAsync()).Purged);
        Assert.Empty(await harness.RowKeysAsync(Calendar, "agenda|"));

        // Another link used ten days later must outlive the first.
        var laterSlot = (await app.SlotsAsync(usedLater))[0];
        Assert.IsType<BookLinkOutcome.Booked>(await app.BookAsync(usedLater, laterSlot.Start));
        var laterRows = await RowsOfAsync(harness, usedLater.LinkId);
        app.Time.SetUtcNow(laterSlot.End + TimeSpan.FromDays(4));
        Assert.Equal(1, (await app.SweepAsync()).Purged);

        // Ended links live 90 days after they ended, and a booking 90 days after its appointment: the revoked link goes
        // at t0 + 90 days, the used one once its slot (t0 + 1.5 h) is 90 days past.
        app.Time.SetUtcNow(t0 + Retention - TimeSpan.FromTicks(1));
        Assert.Equal(0, (await app.SweepAsync()).Purged);
        Assert.NotNull(await harness.GetLinkRowAsync(Calendar, revoked.LinkId));

        app.Time.SetUtcNow(t0 + Retention);
        Assert.Equal(1, (await app.SweepAsync()).Purged);
        Assert.Null(await harness.GetLinkRowAsync(Calendar, revoked.LinkId));
        Assert.Equal(2, (await RowsOfAsync(harness, used.LinkId)).Count);

        app.Time.SetUtcNow(slot.End + Retention - TimeSpan.FromTicks(1));
        Assert.Equal(0, (await app.SweepAsync()).Purged);
        app.Time.SetUtcNow(slot.End + Retention);
        Assert.Equal(1, (await app.SweepAsync()).Purged);

        Assert.Empty(await RowsOfAsync(harness, used.LinkId));
        Assert.Equal(laterRows, await RowsOfAsync(harness, usedLater.LinkId));
        Assert.Equal("active", (await harness.GetLinkRowAsync(Calendar, active.LinkId))!.Status);
        var purgeRows = await harness.RowKeysAsync(Calendar, TableKeys.PurgeRowPrefix);
        Assert.Equal([TableKeys.PurgeRow(t0 + TimeSpan.FromDays(10) + Retention, TableKeys.LinkRow(usedLater.LinkId))], purgeRows);
        Assert.Single(await harness.RowKeysAsync(Calendar, TableKeys.CalendarRow));

        // Nothing is left to do, however often the sweep runs.
        app.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal((0, 0, 0), ToTuple(await app.SweepAsync()));
    }

    [Fact]
    public async Task Sweep_KeepsALinkWhoseBookingLiesBeyondTheRetention_UntilTheAppointmentIsPastToo()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite);
        var app = harness.CreateInstance();
        await app.CreateCalendarAsync(Calendar, horizonDays: 365);
        var link = await app.GenerateAsync(Calendar);
        var other = await app.GenerateAsync(Calendar);
        var slot = (await app.SlotsAsync(link, SweepHarness.DefaultNow.AddDays(200))).First(s => s.Start > SweepHarness.DefaultNow.AddDays(200));
        Assert.IsType<BookLinkOutcome.Booked>(await app.BookAsync(link, slot.Start));

        app.Time.SetUtcNow(SweepHarness.DefaultNow + Retention);
        Assert.Equal(0, (await app.SweepAsync()).Purged);

        // The link, its booking and the booking's claim in the agenda are still there, so nobody else can take the appointment.
        Assert.Equal(2, (await RowsOfAsync(harness, link.LinkId)).Count);
        Assert.Single(await harness.AgendaClaimsAsync(Calendar), claim => claim.Start == slot.Start);
        Assert.IsType<BookLinkOutcome.SlotUnavailable>(await app.BookAsync(other, slot.Start));
        Assert.Equal(
            [TableKeys.PurgeRow(slot.End + Retention, TableKeys.LinkRow(link.LinkId))],
            (await harness.RowKeysAsync(Calendar, TableKeys.PurgeRowPrefix)).Where(key => key.Contains("|link|", StringComparison.Ordinal)));

        // By then the appointment's agenda date is past too, and goes in the same run.
        app.Time.SetUtcNow(slot.End + Retention);
        Assert.Equal(2, (await app.SweepAsync()).Purged);
        Assert.Empty(await RowsOfAsync(harness, link.LinkId));
        Assert.Empty(await harness.AgendaClaimsAsync(Calendar));
    }

    [Fact]
    public async Task Sweep_LinkWhoseFarBookingWasCanceled_IsPurgedARetentionAfterTheCancelNotAfterTheAppointment()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite);
        var app = harness.CreateInstance();
        await app.CreateCalendarAsync(Calendar, horizonDays: 365);
        var link = await app.GenerateAsync(Calendar);
        var slot = (await app.SlotsAsync(link, SweepHarness.DefaultNow.AddDays(200))).First(s => s.Start > SweepHarness.DefaultNow.AddDays(200));
        var booked = Assert.IsType<BookLinkOutcome.Booked>(await app.BookAsync(link, slot.Start));
        var changes = app.Services.GetRequiredService<IBookingChangeService>();
        Assert.IsType<ChangeBookingOutcome.Changed>(await changes.CancelAsync(Calendar, booked.Booking.BookingId, new CancelBookingRequest("not needed"), EventActor.Api));

        // A canceled booking holds nothing later: its agenda claim is gone at once, and only its record waits.
        Assert.Empty(await harness.AgendaClaimsAsync(Calendar));
        app.Time.SetUtcNow(SweepHarness.DefaultNow + Retention);
        var run = await app.SweepAsync();

        Assert.Equal(1, run.Purged);
        Assert.Empty(await RowsOfAsync(harness, link.LinkId));
        Assert.Empty(await harness.RowKeysAsync(Calendar, "bookingat|"));
    }

    [Fact]
    public async Task Sweep_StoppedBetweenTheTransactionsOfALargePurge_IsFinishedByTheNextRun()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite, EndedLinksPurgedAtOnce);
        var setup = harness.CreateInstance();
        await setup.CreateCalendarAsync(Calendar);
        var link = await setup.GenerateAsync(Calendar, maxUses: 100);
        var slots = await setup.SlotsAsync(link);
        foreach (var slot in slots.Take(100))
        {
            Assert.IsType<BookLinkOutcome.Booked>(await setup.BookAsync(link, slot.Start));
        }

        // A run just before the link is due purges the past agenda dates, so the next run has only the link to do.
        var app = harness.CreateInstance();
        app.Time.SetUtcNow(slots[99].End - TimeSpan.FromTicks(1));
        await app.SweepAsync();
        Assert.Single(await harness.RowKeysAsync(Calendar, TableKeys.PurgeRowPrefix), key => key.Contains("|link|", StringComparison.Ordinal));

        // 100 bookings, each with its by-start row, then link + purge row: three transactions. The second is lost in transit.
        var batches = 0;
        var fault = new FaultInjector(message =>
            message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) && Interlocked.Increment(ref batches) == 2);
        app = harness.CreateInstance(configure: null, policies: fault);
        app.Time.SetUtcNow(slots[99].End);
        fault.Armed = true;

        var cut = await app.SweepAsync();

        Assert.Equal(0, cut.Purged);
        Assert.NotNull(await harness.GetLinkRowAsync(Calendar, link.LinkId));
        Assert.Equal(50, (await harness.BookingRowKeysAsync(Calendar, link.LinkId)).Count);
        Assert.Single(await harness.RowKeysAsync(Calendar, TableKeys.PurgeRowPrefix), key => key.Contains("|link|", StringComparison.Ordinal));
        Assert.Contains(harness.Logs.Lines, line => line.Contains("the next run retries it", StringComparison.Ordinal));

        fault.Armed = false;
        app.Time.Advance(TimeSpan.FromMinutes(5));
        var next = await app.SweepAsync();

        Assert.Equal(1, next.Purged);
        Assert.Null(await harness.GetLinkRowAsync(Calendar, link.LinkId));
        Assert.Empty(await harness.BookingRowKeysAsync(Calendar, link.LinkId));
        Assert.DoesNotContain(await harness.RowKeysAsync(Calendar, TableKeys.PurgeRowPrefix), key => key.Contains("|link|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeletePurgeTarget_FromAStaleRead_DeletesNothingAndNeverFreesTime()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite, EndedLinksPurgedAtOnce);
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
        await using var harness = await SweepHarness.CreateAsync(azurite, EndedLinksPurgedAtOnce);
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

    /// <summary>Every row of one link: its link row, bookings and idempotency records (its claims on time live in the agenda).</summary>
    private static async Task<List<string>> RowsOfAsync(SweepHarness harness, string linkId)
    {
        var rows = new List<string>();
        rows.AddRange(await harness.RowKeysAsync(Calendar, TableKeys.LinkRow(linkId)));
        rows.AddRange(await harness.BookingRowKeysAsync(Calendar, linkId));
        rows.AddRange(await harness.RowKeysAsync(Calendar, $"idem|{linkId}|"));
        return rows;
    }

    private static (int, int, int) ToTuple(Core.Sweeping.SweepResult result) => (result.Expired, result.Purged, result.Redelivered);
}
