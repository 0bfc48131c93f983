using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Sweeping;

namespace OneTimeLinks.Core.Storage;

/// <summary>Azure Table Storage implementation of <see cref="IBookingStore"/>; the layout is in docs/design.md.</summary>
internal sealed class TableBookingStore(
    TableClient table,
    DueHints hints,
    EventPayloadProtector protector,
    IOptions<RetentionOptions> retention) : IBookingStore
{
    public async Task<Booking?> GetBookingAsync(string calendarId, string bookingId, CancellationToken cancellationToken = default)
    {
        var response = await table.GetEntityIfExistsAsync<BookingEntity>(
            TableKeys.CalendarPartition(calendarId), TableKeys.BookingRow(bookingId), cancellationToken: cancellationToken);
        return response.HasValue ? EntityMapping.ToBooking(response.Value!) : null;
    }

    public async Task<IReadOnlyList<Booking>> GetBookingsAsync(
        string calendarId, IReadOnlyList<string> bookingIds, CancellationToken cancellationToken = default)
    {
        var found = await Task.WhenAll(bookingIds.Select(id => GetBookingAsync(calendarId, id, cancellationToken)));
        return [.. found.OfType<Booking>()];
    }

    public async Task<BookingChangeContext> GetChangeContextAsync(
        string calendarId, string bookingId, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(calendarId);
        var calendar = table.GetEntityIfExistsAsync<CalendarEntity>(partition, TableKeys.CalendarRow, cancellationToken: cancellationToken);
        var booking = table.GetEntityIfExistsAsync<BookingEntity>(partition, TableKeys.BookingRow(bookingId), cancellationToken: cancellationToken);
        var record = idempotencyKey is null ? null : IdempotencyRows.ReadAsync(table, partition, bookingId, idempotencyKey, cancellationToken);
        await Task.WhenAll(new Task?[] { calendar, booking, record }.OfType<Task>());

        var calendarRow = await calendar;
        var bookingRow = await booking;
        return new BookingChangeContext(
            calendarRow.HasValue ? EntityMapping.ToCalendar(calendarRow.Value!) : null,
            bookingRow.HasValue ? new BookingSnapshot(EntityMapping.ToBooking(bookingRow.Value!), bookingRow.Value!.ETag.ToString()) : null,
            record is null ? null : await record);
    }

    public async Task<BookingPage> ListAsync(BookingListQuery query, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(query.CalendarId);
        var filter = TableKeys.BookingsStartingIn(partition, query.From, query.To);
        if (query.Statuses.Count > 0)
        {
            filter += " and (" + string.Join(" or ", query.Statuses.Select(wanted => TableClient.CreateQueryFilter($"Status eq {wanted.ToWireName()}"))) + ")";
        }

        if (query.Attendance is { } marked)
        {
            filter += TableClient.CreateQueryFilter($" and Attendance eq {marked.ToWireName()}");
        }

        var (bookings, next) = await TablePages.ReadAsync<BookingEntity, Booking>(
            table, partition, filter, query.PageSize, query.ContinuationToken, EntityMapping.ToBooking, cancellationToken);
        return new BookingPage(bookings, next);
    }

    public async Task<BookingChangeResult> TryChangeAsync(BookingChangeWrite change, CancellationToken cancellationToken = default)
    {
        var (read, updated, agenda, changed, idempotencyKey, fingerprint, reopen) = change;
        var partition = TableKeys.CalendarPartition(updated.CalendarId);
        var before = read.Booking;
        var row = EntityMapping.ToEntity(updated);
        row.LastChangeEventId = changed.Id;
        var actions = new List<TableTransactionAction>
        {
            // Index 0: the booking, conditional on the version read; every other change of it changes that version.
            new(TableTransactionActionType.UpdateReplace, row, new ETag(read.Version)),
        };

        // The by-start row follows the booking it copies; the booking's ETag guards both.
        if (before.Start == updated.Start)
        {
            actions.Add(new(TableTransactionActionType.UpdateReplace, EntityMapping.ToEntity(updated, byStart: true), ETag.All));
        }
        else
        {
            actions.Add(new(TableTransactionActionType.Delete,
                new TableEntity(partition, TableKeys.BookingStartRow(before.Start, before.BookingId)), ETag.All));
            actions.Add(new(TableTransactionActionType.Add, EntityMapping.ToEntity(updated, byStart: true)));
        }

        actions.Add(new(TableTransactionActionType.Add, EntityMapping.ToOutboxEntity(changed, protector)));

        // A request leaving "pending" (confirmed, declined, canceled) takes its deadline out of the index; the booking's
        // ETag lets exactly one such change reach this delete.
        if (before.Status == BookingStatus.Pending && updated.Status != BookingStatus.Pending && before.ConfirmBy is { } confirmBy)
        {
            actions.Add(new(TableTransactionActionType.Delete,
                new TableEntity(partition, TableKeys.ConfirmationDeadlineRow(confirmBy, before.LinkId, before.BookingId)), ETag.All));
        }

        var linkIndex = reopen is null ? -1 : AddReopen(actions, partition, reopen);
        var agendaWrites = AgendaRows.AddWrites(actions, partition, agenda);
        var idempotencyIndex = IdempotencyRows.Add(actions, partition, updated.BookingId, idempotencyKey, fingerprint, updated.LinkId,
            updated.BookingId, changed.Time, retention.Value.IdempotencyRecords);

        try
        {
            await hints.SubmitTransactionAsync(actions, cancellationToken);
            return BookingChangeResult.Changed;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404 && ex.FailedTransactionActionIndex == 0)
        {
            // The SDK retries transient failures; a first attempt that committed with its reply lost makes the retry
            // fail here. The booking then names this change's event: it is ours.
            var current = await table.GetEntityIfExistsAsync<BookingEntity>(partition, row.RowKey, cancellationToken: cancellationToken);
            return current.HasValue && current.Value!.LastChangeEventId == changed.Id
                ? BookingChangeResult.Changed
                : BookingChangeResult.BookingChanged;
        }
        catch (TableTransactionFailedException ex) when (agendaWrites.Lost(ex))
        {
            return BookingChangeResult.AgendaChanged;
        }
        catch (TableTransactionFailedException ex) when (IdempotencyRows.Taken(ex, idempotencyIndex))
        {
            return BookingChangeResult.IdempotencyKeyTaken;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404 && ex.FailedTransactionActionIndex == linkIndex)
        {
            return BookingChangeResult.LinkChanged;
        }
    }

    /// <summary>
    /// Gives the link its use back, conditional on the version the decline read: a revoke, an expiry or another
    /// booking of the link in between fails the whole decline, which then decides again. A link that had ended with
    /// this use becomes active again: its purge row goes and its expiry row (if it expires) comes back.
    /// </summary>
    private int AddReopen(List<TableTransactionAction> actions, string partition, LinkReopen reopen)
    {
        var index = actions.Count;
        // A replace, not a merge: a merge cannot clear EndedAt. The row maps every field of the link read.
        actions.Add(new(TableTransactionActionType.UpdateReplace, EntityMapping.ToEntity(reopen.Reopened), new ETag(reopen.Read.Version)));
        var before = reopen.Read.Link;
        if (before.StoredStatus != Links.LinkStatus.Active && before.EndedAt is { } endedAt)
        {
            actions.Add(new(TableTransactionActionType.Delete,
                new TableEntity(partition, TableKeys.PurgeRow(endedAt + retention.Value.EndedLinks, TableKeys.LinkRow(before.LinkId))), ETag.All));
            if (before.ExpiresAt is { } expiresAt)
            {
                actions.Add(new(TableTransactionActionType.Add, EntityMapping.ExpiryIndex(partition, expiresAt, before.LinkId)));
            }
        }

        return index;
    }
}
