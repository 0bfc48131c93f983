using Azure.Data.Tables;

namespace OneTimeLinks.Core.Storage;

/// <summary>A committed Idempotency-Key: the request fingerprint and the booking it produced or changed.</summary>
internal sealed record StoredIdempotencyRecord(string Fingerprint, string BookingId);

/// <summary>
/// Idempotency-Key records (<c>idem|{scope}|{sha256(key)}</c>): the request's fingerprint and the booking it produced or
/// changed, committed in the same transaction as that write, so a record exists exactly when the write does. The scope
/// is the link for bookings and the booking for the invitee's changes to it.
/// </summary>
internal static class IdempotencyRows
{
    public static async Task<StoredIdempotencyRecord?> ReadAsync(
        TableClient table, string partition, string scope, string idempotencyKey, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<IdempotencyEntity>(
            partition, TableKeys.IdempotencyRow(scope, idempotencyKey), cancellationToken: cancellationToken);
        return row.HasValue ? new StoredIdempotencyRecord(row.Value!.Fingerprint, TableKeys.BookingIdFromRow(row.Value.BookingRowKey)) : null;
    }

    /// <summary>Adds the record and its purge row; returns the record's action index (a 409 there: the key's first use won).</summary>
    public static int Add(
        List<TableTransactionAction> actions,
        string partition,
        string scope,
        string idempotencyKey,
        string fingerprint,
        string linkId,
        string bookingId,
        DateTimeOffset createdAt,
        TimeSpan retention)
    {
        var index = actions.Count;
        var rowKey = TableKeys.IdempotencyRow(scope, idempotencyKey);
        actions.Add(new(TableTransactionActionType.Add, new IdempotencyEntity
        {
            PartitionKey = partition,
            RowKey = rowKey,
            LinkId = linkId,
            Fingerprint = fingerprint,
            BookingRowKey = TableKeys.BookingRow(bookingId),
            CreatedAt = createdAt,
        }));
        actions.Add(new(TableTransactionActionType.Add, EntityMapping.PurgeIndex(partition, createdAt + retention, [rowKey], linkId)));
        return index;
    }
}
