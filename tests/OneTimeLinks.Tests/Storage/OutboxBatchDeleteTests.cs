using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Tests.Storage;

/// <summary>
/// Removing many published events at once (a batch of links publishes hundreds): one transaction per partition and
/// 100 rows, against Azurite, and a row already gone never keeps the others in the outbox.
/// </summary>
public sealed class OutboxBatchDeleteTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task DeleteAsync_250EventsOfOneCalendarAndOneOfAnother_RemovesAllInThreeTransactionsAndOneDelete()
    {
        var (table, recorder, store) = await CreateAsync();
        var events = await SeedAsync(table, "big", 250);
        events.AddRange(await SeedAsync(table, "small", 1));
        recorder.Drain();

        await store.DeleteAsync(events);

        Assert.Equal(["batch", "batch", "batch", "delete outbox"], recorder.Drain());
        Assert.Empty(await OutboxRowsAsync(table));
    }

    [Fact]
    public async Task DeleteAsync_OneRowAlreadyGone_RemovesEveryOtherRowOneByOne()
    {
        var (table, recorder, store) = await CreateAsync();
        var events = await SeedAsync(table, "cal", 5);
        await table.DeleteEntityAsync(TableKeys.CalendarPartition("cal"), TableKeys.OutboxRow(events[2].Id), ETag.All);
        recorder.Drain();

        await store.DeleteAsync(events);

        // The transaction fails as a whole on the missing row; the five single deletes that follow answer 404 for it.
        Assert.Equal(["batch", "delete outbox", "delete outbox", "delete outbox", "delete outbox", "delete outbox"], recorder.Drain());
        Assert.Empty(await OutboxRowsAsync(table));
    }

    [Fact]
    public async Task DeleteAsync_NoEvents_SendsNothing()
    {
        var (_, recorder, store) = await CreateAsync();

        await store.DeleteAsync([]);

        Assert.Empty(recorder.Drain());
    }

    private async Task<(TableClient Table, StorageRequestRecorder Recorder, TableOutboxStore Store)> CreateAsync()
    {
        var recorder = new StorageRequestRecorder(StorageRequestKinds.Of);
        var options = new TableClientOptions();
        options.AddPolicy(recorder, HttpPipelinePosition.PerCall);
        var table = new TableClient(azurite.ConnectionString, "outbox" + Guid.NewGuid().ToString("N")[..12], options);
        await table.CreateIfNotExistsAsync();
        recorder.Drain();
        var protector = new EventPayloadProtector(Options.Create(new LinkOptions { UrlProtectionKey = TestApp.UrlProtectionKey }));
        return (table, recorder, new TableOutboxStore(table, protector));
    }

    private static async Task<List<LinkEvent>> SeedAsync(TableClient table, string calendarId, int count)
    {
        var events = Enumerable.Range(0, count)
            .Select(i => new LinkEvent($"e{i:D4}", LinkEventTypes.Generated, calendarId, $"link{i:D4}", DateTimeOffset.UnixEpoch, "{}"))
            .ToList();
        foreach (var chunk in events.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(
                TableTransactionActionType.Add, new TableEntity(TableKeys.CalendarPartition(calendarId), TableKeys.OutboxRow(e.Id)))));
        }

        return events;
    }

    private static async Task<List<string>> OutboxRowsAsync(TableClient table)
    {
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            rows.Add(row.RowKey);
        }

        return rows;
    }
}
