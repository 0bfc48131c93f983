using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Core.Storage;

/// <summary>Azure Table Storage implementation of <see cref="IOutboxStore"/>: the calendar's <c>outbox|</c> rows.</summary>
internal sealed class TableOutboxStore(TableClient table, EventPayloadProtector protector) : IOutboxStore
{
    public async IAsyncEnumerable<PendingOutboxEvent> GetPendingAsync(
        string calendarId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableKeys.PrefixFilter(TableKeys.CalendarPartition(calendarId), TableKeys.OutboxRowPrefix);
        await foreach (var row in table.QueryAsync<OutboxEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return new PendingOutboxEvent(EntityMapping.ToLinkEvent(row, protector), row.ClaimedUntil, row.ETag.ToString());
        }
    }

    public async Task<PendingOutboxEvent?> TryClaimAsync(
        PendingOutboxEvent pending, DateTimeOffset claimedUntil, CancellationToken cancellationToken = default)
    {
        var claim = new TableEntity(TableKeys.CalendarPartition(pending.Event.CalendarId), TableKeys.OutboxRow(pending.Event.Id))
        {
            [nameof(OutboxEntity.ClaimedUntil)] = claimedUntil,
        };
        try
        {
            // Merge with the ETag read: of two sweeps that read the same version, exactly one claim succeeds.
            var response = await table.UpdateEntityAsync(claim, new ETag(pending.Version), TableUpdateMode.Merge, cancellationToken);
            return pending with { ClaimedUntil = claimedUntil, Version = (response.Headers.ETag ?? ETag.All).ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // 404: published and removed meanwhile. 412: another sweep claimed it first.
            return null;
        }
    }

    public async Task DeleteAsync(IReadOnlyList<LinkEvent> published, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(published);

        // Unconditional on purpose: a row is immutable once written, and one already gone (another dispatcher removed
        // it) is success. A lone delete returns that 404 without throwing; in a transaction it fails the whole batch,
        // so a batch that meets one falls back to deleting its rows one by one. A transaction holds one partition and
        // at most 100 actions: a batch of 500 links is published, then removed in 5 requests instead of 500.
        foreach (var calendar in published.GroupBy(e => e.CalendarId, StringComparer.Ordinal))
        {
            var partition = TableKeys.CalendarPartition(calendar.Key);
            foreach (var chunk in calendar.Chunk(TableLimits.MaxTransactionActions))
            {
                if (chunk.Length > 1)
                {
                    try
                    {
                        await table.SubmitTransactionAsync(
                            chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, TableKeys.OutboxRow(e.Id)), ETag.All)),
                            cancellationToken);
                        continue;
                    }
                    catch (TableTransactionFailedException ex) when (ex.Status == 404)
                    {
                    }
                }

                foreach (var e in chunk)
                {
                    await table.DeleteEntityAsync(partition, TableKeys.OutboxRow(e.Id), ETag.All, cancellationToken);
                }
            }
        }
    }
}
