using Azure;
using Azure.Data.Tables;
using OneTimeLinks.Core.Bookings;

namespace OneTimeLinks.Core.Storage;

/// <summary>Azure Table Storage implementation of <see cref="IBookingFeedStore"/>; the layout is in docs/design.md.</summary>
internal sealed class TableBookingFeedStore(TableClient table) : IBookingFeedStore
{
    // The manage-token hash, the link's metadata, the utm parameters and the link window never reach a feed: not read.
    private static readonly string[] FeedColumns =
    [
        "PartitionKey", "RowKey", nameof(BookingEntity.BookingId), nameof(BookingEntity.LinkId), nameof(BookingEntity.Start),
        nameof(BookingEntity.End), nameof(BookingEntity.Name), nameof(BookingEntity.Email), nameof(BookingEntity.Phone),
        nameof(BookingEntity.Message), nameof(BookingEntity.CreatedAt), nameof(BookingEntity.Status), nameof(BookingEntity.CanceledAt),
        nameof(BookingEntity.CanceledBy), nameof(BookingEntity.CancelReason), nameof(BookingEntity.HistoryJson),
        nameof(BookingEntity.LinkTitle), nameof(BookingEntity.LinkNote),
    ];

    public async Task<BookingFeedContext> GetAsync(string calendarId, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(calendarId);
        var calendar = table.GetEntityIfExistsAsync<CalendarEntity>(partition, TableKeys.CalendarRow, cancellationToken: cancellationToken);
        var feed = table.GetEntityIfExistsAsync<BookingFeedEntity>(partition, TableKeys.BookingFeedRow, cancellationToken: cancellationToken);
        await Task.WhenAll(calendar, feed);

        var calendarRow = await calendar;
        var feedRow = await feed;
        return new BookingFeedContext(
            calendarRow.HasValue ? EntityMapping.ToCalendar(calendarRow.Value!) : null,
            feedRow.HasValue ? new BookingFeedSnapshot(feedRow.Value!.TokenHash, feedRow.Value.CreatedAt, feedRow.Value.ETag.ToString()) : null);
    }

    public async Task<BookingFeedWriteResult> TryReplaceAsync(
        string calendarId, BookingFeedSnapshot? read, string tokenHash, DateTimeOffset createdAt, CancellationToken cancellationToken = default)
    {
        var row = new BookingFeedEntity
        {
            PartitionKey = TableKeys.CalendarPartition(calendarId),
            RowKey = TableKeys.BookingFeedRow,
            TokenHash = tokenHash,
            CreatedAt = createdAt,
        };
        try
        {
            // One row, one conditional write: the old hash is gone in the same instant the new one is stored.
            if (read is null)
            {
                await table.AddEntityAsync(row, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(row, new ETag(read.Version), TableUpdateMode.Replace, cancellationToken);
            }

            return BookingFeedWriteResult.Written;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return BookingFeedWriteResult.FeedChanged;
        }
    }

    public async Task<BookingFeedWriteResult> TryDeleteAsync(string calendarId, BookingFeedSnapshot read, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.DeleteEntityAsync(
                TableKeys.CalendarPartition(calendarId), TableKeys.BookingFeedRow, new ETag(read.Version), cancellationToken);
            return BookingFeedWriteResult.Written;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return BookingFeedWriteResult.FeedChanged;
        }
    }

    public async Task<IReadOnlyList<Booking>> ListAsync(
        string calendarId, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken = default)
    {
        var filter = TableKeys.BookingsStartingIn(TableKeys.CalendarPartition(calendarId), windowStart, windowEnd);
        var bookings = new List<Booking>();
        await foreach (var row in table.QueryAsync<BookingEntity>(filter, maxPerPage: 1000, select: FeedColumns, cancellationToken: cancellationToken))
        {
            bookings.Add(EntityMapping.ToBooking(row));
        }

        return bookings;
    }
}
