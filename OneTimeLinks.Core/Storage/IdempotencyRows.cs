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

    /// <summary>
    /// Adds the record and its purge row when the request carries a key; returns the record's action index (-1: none),
    /// for <see cref="Taken"/>.
    /// </summary>
    public static int Add(
        List<TableTransactionAction> actions,
        string partition,
        string scope,
        string? idempotencyKey,
        string? fingerprint,
        string linkId,
        string bookingId,
        DateTimeOffset createdAt,
        TimeSpan retention)
    {
        if (idempotencyKey is null)
        {
            return -1;
        }

        var index = actions.Count;
        var rowKey = TableKeys.IdempotencyRow(scope, idempotencyKey);
        actions.Add(new(TableTransactionActionType.Add, new IdempotencyEntity
        {
            PartitionKey = partition,
            RowKey = rowKey,
            LinkId = linkId,
            Fingerprint = fingerprint ?? "",
            BookingRowKey = TableKeys.BookingRow(bookingId),
            CreatedAt = createdAt,
        }));
        actions.Add(new(TableTransactionActionType.Add, EntityMapping.PurgeIndex(partition, createdAt + retention, [rowKey], linkId)));
        return index;
    }

    /// <summary>Whether the transaction failed on the record <see cref="Add"/> placed at <paramref name="index"/>: the key's first use won.</summary>
    public static bool Taken(TableTransactionFailedException ex, int index) =>
        ex.Status == 409 && index >= 0 && ex.FailedTransactionActionIndex == index;
}
