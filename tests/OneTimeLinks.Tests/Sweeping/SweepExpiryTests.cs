using Azure.Data.Tables;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Tests.Sweeping;

public sealed class SweepExpiryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Calendar = "expiry-cal";

    [Fact]
    public async Task Sweep_OneTickBeforeExpiry_DoesNothing_AtTheInstant_ExpiresWithOneEventOnce()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite);
        var app = harness.CreateInstance();
        await app.CreateCalendarAsync(Calendar);
        var expiresAt = SweepHarness.DefaultNow.AddHours(1);
        var expiring = await app.GenerateAsync(Calendar, expiresAt);
        var forever = await app.GenerateAsync(Calendar);

        app.Time.SetUtcNow(expiresAt.AddTicks(-1));
        var before = await app.SweepAsync();

        Assert.Equal((0, 0, 0), (before.Expired, before.Purged, before.Redelivered));
        Assert.Equal("active", (await harness.GetLinkRowAsync(Calendar, expiring.LinkId))!.Status);
        Assert.Single(await harness.RowKeysAsync(Calendar, TableKeys.ExpiryRowPrefix));
        Assert.Empty(harness.Events.OfType(LinkEventTypes.Expired));

        app.Time.SetUtcNow(expiresAt);
        var at = await app.SweepAsync();

        Assert.Equal((1, 0, 0), (at.Expired, at.Purged, at.Redelivered));
        var row = (await harness.GetLinkRowAsync(Calendar, expiring.LinkId))!;
        Assert.Equal("expired", row.Status);
        Assert.Equal(expiresAt, row.EndedAt);
        Assert.Equal("active", (await harness.GetLinkRowAsync(Calendar, forever.LinkId))!.Status);
        Assert.Empty(await harness.RowKeysAsync(Calendar, TableKeys.ExpiryRowPrefix));
        Assert.Equal(
            [TableKeys.PurgeRow(expiresAt + TimeSpan.FromDays(90), TableKeys.LinkRow(expiring.LinkId))],
            await harness.RowKeysAsync(Calendar, TableKeys.PurgeRowPrefix));
        Assert.Empty(await harness.RowKeysAsync(Calendar, TableKeys.OutboxRowPrefix));
        var expired = Assert.Single(harness.Events.OfType(LinkEventTypes.Expired));
        Assert.Equal(expiring.LinkId, expired.LinkId);
        Assert.Contains("\"endedAt\":\"2026-12-07T08:00:00+00:00\"", expired.DataJson, StringComparison.Ordinal);
        Assert.Contains(harness.Logs.Lines, line => line.StartsWith("Sweep finished: expired 1, purged 0, redelivered 0 in ", StringComparison.Ordinal));

        foreach (var later in new[] { TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), TimeSpan.FromDays(2) })
        {
            app.Time.SetUtcNow(expiresAt + later);
            var again = await app.SweepAsync();
            Assert.Equal((0, 0, 0), (again.Expired, again.Purged, again.Redelivered));
        }

        Assert.Single(harness.Events.OfType(LinkEventTypes.Expired));
    }

    [Fact]
    public async Task Sweep_ManyLinksOverManyRuns_PublishesEachExpiredEventExactlyOnce_EvenWhenPublishingFails()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite);
        var app = harness.CreateInstance();
        await app.CreateCalendarAsync(Calendar);
        var links = new List<GeneratedLink>();
        for (var i = 0; i < 12; i++)
        {
            links.Add(await app.GenerateAsync(Calendar, SweepHarness.DefaultNow.AddMinutes(7 * (i + 1))));
        }

        var totals = (Expired: 0, Redelivered: 0);
        for (var run = 1; run <= 24; run++)
        {
            // Two runs find the transport down: their expired events stay in the outbox for a later run.
            if (run is 3 or 8)
            {
                harness.Events.FailNext(2);
            }

            app.Time.Advance(TimeSpan.FromMinutes(5));
            var result = await app.SweepAsync();
            totals = (totals.Expired + result.Expired, totals.Redelivered + result.Redelivered);
        }

        Assert.Equal(12, totals.Expired);
        Assert.True(totals.Redelivered >= 2, $"redelivered {totals.Redelivered}");
        var expired = harness.Events.OfType(LinkEventTypes.Expired);
        Assert.Equal(links.Select(l => l.LinkId).Order(), expired.Select(e => e.LinkId).Order());
        Assert.Equal(expired.Count, expired.Select(e => e.Id).Distinct().Count());
        Assert.Empty(await harness.RowKeysAsync(Calendar, TableKeys.OutboxRowPrefix));
        Assert.Empty(await harness.RowKeysAsync(Calendar, TableKeys.ExpiryRowPrefix));
    }

    [Fact]
    public async Task Sweep_PendingEvent_WaitsForTheGracePeriod_ThenIsPublishedOnceWithItsOriginalId()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite);
        var app = harness.CreateInstance();
        await app.CreateCalendarAsync(Calendar);
        harness.Events.FailNext(1);
        var link = await app.GenerateAsync(Calendar);
        var outboxRow = Assert.Single(await harness.RowKeysAsync(Calendar, TableKeys.OutboxRowPrefix));
        Assert.Empty(harness.Events.Published);

        app.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, (await app.SweepAsync()).Redelivered);

        app.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await app.SweepAsync()).Redelivered);
        app.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, (await app.SweepAsync()).Redelivered);

        var generated = Assert.Single(harness.Events.Published);
        Assert.Equal(LinkEventTypes.Generated, generated.Type);
        Assert.Equal(link.LinkId, generated.LinkId);
        Assert.Equal(TableKeys.OutboxRow(generated.Id), outboxRow);
        Assert.Contains(link.Token, generated.DataJson, StringComparison.Ordinal);
        Assert.Empty(await harness.RowKeysAsync(Calendar, TableKeys.OutboxRowPrefix));
    }

    [Fact]
    public async Task Sweep_WithMoreDueWorkThanItsLimit_StopsAtTheLimit_AndTheNextRunContinues()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite, new Dictionary<string, string?> { ["Sweep:MaxItemsPerRun"] = "5" });
        var app = harness.CreateInstance();
        await app.CreateCalendarAsync(Calendar);
        for (var i = 0; i < 8; i++)
        {
            await app.GenerateAsync(Calendar, SweepHarness.DefaultNow.AddMinutes(1 + i));
        }

        app.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(5, (await app.SweepAsync()).Expired);
        Assert.Contains(harness.Logs.Lines, line => line.Contains("limit of 5 items", StringComparison.Ordinal));
        Assert.Equal(3, (await app.SweepAsync()).Expired);
        Assert.Equal(8, harness.Events.OfType(LinkEventTypes.Expired).Count);
    }

    [Fact]
    public async Task Sweep_ExpiryRowOfAMissingLink_IsRemovedWithoutAnEvent()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite);
        var app = harness.CreateInstance();
        await app.CreateCalendarAsync(Calendar);
        // Written the way every writer writes index rows: its due hint first (DueHints), so the sweep visits the calendar.
        await app.Services.GetRequiredService<DueHints>().SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new IndexEntity
            {
                PartitionKey = TableKeys.CalendarPartition(Calendar),
                RowKey = TableKeys.ExpiryRow(SweepHarness.DefaultNow.AddMinutes(-1), "ghost"),
                LinkId = "ghost",
            }),
        ]);

        var result = await app.SweepAsync();

        Assert.Equal(0, result.Expired);
        Assert.Empty(await harness.RowKeysAsync(Calendar, TableKeys.ExpiryRowPrefix));
        Assert.Empty(harness.Events.Published);
    }
}
