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

    public async Task DeleteAsync(LinkEvent published, CancellationToken cancellationToken = default)
    {
        // Unconditional on purpose: the row is immutable once written, and a 404 (another dispatcher already removed
        // it) is success. The SDK returns 404 here without throwing.
        await table.DeleteEntityAsync(
            TableKeys.CalendarPartition(published.CalendarId), TableKeys.OutboxRow(published.Id), ETag.All, cancellationToken);
    }
}
