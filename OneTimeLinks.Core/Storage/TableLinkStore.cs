using System.Buffers.Text;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Calendars;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Sweeping;

namespace OneTimeLinks.Core.Storage;

/// <summary>The continuation token a client sent is not one this service issued.</summary>
public sealed class InvalidContinuationTokenException() : FormatException("The continuation token is not valid.");

/// <summary>Azure Table Storage implementation of <see cref="ILinkStore"/>; the table layout is in docs/design.md.</summary>
public sealed class TableLinkStore(
    TableClient table,
    EventPayloadProtector protector,
    IOptions<RetentionOptions> retention) : ILinkStore
{
    public async Task<Calendar?> GetCalendarAsync(string calendarId, CancellationToken cancellationToken = default)
    {
        var response = await table.GetEntityIfExistsAsync<CalendarEntity>(
            TableKeys.CalendarPartition(calendarId), TableKeys.CalendarRow, cancellationToken: cancellationToken);
        return response.HasValue ? EntityMapping.ToCalendar(response.Value!) : null;
    }

    public async Task SaveCalendarAsync(Calendar calendar, CancellationToken cancellationToken = default)
    {
        // The registry row first: the sweep finds partitions through it, so a calendar must never exist without one.
        // Both writes are whole-row replacements of data the client owns (PUT semantics), so last writer wins on purpose.
        await table.UpsertEntityAsync(
            new RegistryEntity { PartitionKey = TableKeys.RegistryPartition, RowKey = calendar.Id, UpdatedAt = calendar.UpdatedAt },
            TableUpdateMode.Replace,
            cancellationToken);
        await table.UpsertEntityAsync(EntityMapping.ToEntity(calendar), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<CreateLinkResult> CreateLinkAsync(Link link, LinkEvent generated, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(link.CalendarId);
        var actions = new List<TableTransactionAction>
        {
            // An empty merge with If-Match "*" changes nothing but fails with 404 when the calendar is missing, so the
            // existence check and the insert are one atomic round trip instead of a read followed by a write.
            new(TableTransactionActionType.UpdateMerge, new TableEntity(partition, TableKeys.CalendarRow), ETag.All),
            new(TableTransactionActionType.Add, EntityMapping.ToEntity(link)),
            new(TableTransactionActionType.Add, ToOutboxEntity(generated)),
        };

        if (link.RequestId is { } requestId)
        {
            // One row per workflow request id: a duplicate delivery fails this insert and creates nothing. It keeps the
            // generated event (encrypted, like the outbox row) so every later delivery can publish that same event.
            actions.Add(new(TableTransactionActionType.Add,
                EntityMapping.ToEntity<LinkRequestEntity>(generated, TableKeys.RequestRow(requestId), protector)));
        }

        if (link.ExpiresAt is { } expiresAt)
        {
            actions.Add(new(TableTransactionActionType.Add, ExpiryIndex(partition, expiresAt, link.LinkId)));
        }

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return CreateLinkResult.Created;
        }
        catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 0 && ex.Status == 404)
        {
            return CreateLinkResult.CalendarNotFound;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && link.RequestId is not null && ex.FailedTransactionActionIndex == 3)
        {
            return CreateLinkResult.DuplicateRequest;
        }
    }

    public async Task<LinkEvent?> GetRequestEventAsync(string calendarId, string requestId, CancellationToken cancellationToken = default)
    {
        var response = await table.GetEntityIfExistsAsync<LinkRequestEntity>(
            TableKeys.CalendarPartition(calendarId), TableKeys.RequestRow(requestId), cancellationToken: cancellationToken);
        if (!response.HasValue || string.IsNullOrEmpty(response.Value!.ProtectedData))
        {
            return null;
        }

        return EntityMapping.ToLinkEvent(response.Value, protector);
    }

    public async Task<LinkSnapshot?> GetLinkAsync(string calendarId, string linkId, CancellationToken cancellationToken = default)
    {
        var response = await table.GetEntityIfExistsAsync<LinkEntity>(
            TableKeys.CalendarPartition(calendarId), TableKeys.LinkRow(linkId), cancellationToken: cancellationToken);
        return response.HasValue ? new LinkSnapshot(EntityMapping.ToLink(response.Value!), response.Value!.ETag) : null;
    }

    public async Task<BookingContext> GetBookingContextAsync(
        string calendarId, string linkId, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(calendarId);
        var linkRow = TableKeys.LinkRow(linkId);
        var idempotencyRow = idempotencyKey is null ? null : TableKeys.IdempotencyRow(linkId, idempotencyKey);
        var filter = idempotencyRow is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and (RowKey eq {TableKeys.CalendarRow} or RowKey eq {linkRow})")
            : TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and (RowKey eq {TableKeys.CalendarRow} or RowKey eq {linkRow} or RowKey eq {idempotencyRow})");

        Calendar? calendar = null;
        LinkSnapshot? link = null;
        StoredIdempotencyRecord? record = null;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == TableKeys.CalendarRow)
            {
                calendar = EntityMapping.ToCalendar(Convert<CalendarEntity>(row));
            }
            else if (row.RowKey == linkRow)
            {
                link = new LinkSnapshot(EntityMapping.ToLink(Convert<LinkEntity>(row)), row.ETag);
            }
            else
            {
                var entity = Convert<IdempotencyEntity>(row);
                record = new StoredIdempotencyRecord(entity.Fingerprint, entity.BookingRowKey);
            }
        }

        return new BookingContext(calendar, link, record);
    }

    public async Task<Booking.Booking?> GetBookingAsync(string calendarId, string bookingRowKey, CancellationToken cancellationToken = default)
    {
        var response = await table.GetEntityIfExistsAsync<BookingEntity>(
            TableKeys.CalendarPartition(calendarId), bookingRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? EntityMapping.ToBooking(response.Value!) : null;
    }

    public async Task<IReadOnlyList<Booking.Booking>> GetBookingsAsync(
        string calendarId, string linkId, CancellationToken cancellationToken = default)
    {
        var prefix = TableKeys.BookingRowPrefix(linkId);
        var bookings = new List<Booking.Booking>();
        await foreach (var entity in table.QueryAsync<BookingEntity>(
            TableKeys.PrefixFilter(TableKeys.CalendarPartition(calendarId), prefix), cancellationToken: cancellationToken))
        {
            bookings.Add(EntityMapping.ToBooking(entity));
        }

        return bookings;
    }

    public async Task<IReadOnlySet<DateTimeOffset>> GetTakenSlotStartsAsync(
        string calendarId, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(calendarId);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {TableKeys.SlotRow(from)} and RowKey le {TableKeys.SlotRow(until)}");
        var taken = new HashSet<DateTimeOffset>();
        await foreach (var slot in table.QueryAsync<SlotEntity>(filter, select: ["Start"], cancellationToken: cancellationToken))
        {
            taken.Add(slot.Start);
        }

        return taken;
    }

    public async Task<BookResult> TryBookAsync(
        LinkSnapshot read,
        Link updated,
        Booking.Booking booking,
        LinkEvent used,
        string? idempotencyKey,
        string? fingerprint,
        CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(updated.CalendarId);
        var bookingEntity = EntityMapping.ToEntity(booking, updated.Uses);
        var actions = new List<TableTransactionAction>
        {
            // Index 0: the link, conditional on the ETag read. Every concurrent booking, revoke or expiry of this link
            // changes it, so only one of them can commit against one version.
            new(TableTransactionActionType.UpdateMerge, WithLastBooking(EntityMapping.ToEntity(updated), booking.BookingId), read.ETag),

            // Index 1: the slot claim, an insert, so a second link booking the same slot fails with 409.
            new(TableTransactionActionType.Add, new SlotEntity
            {
                PartitionKey = partition,
                RowKey = bookingEntity.SlotRowKey,
                LinkId = booking.LinkId,
                BookingId = booking.BookingId,
                Start = booking.Start,
            }),
            new(TableTransactionActionType.Add, bookingEntity),
            new(TableTransactionActionType.Add, ToOutboxEntity(used)),
        };

        if (idempotencyKey is not null)
        {
            // Index 4: a concurrent request with the same key loses here (or on the link) and then replays.
            var idempotencyRow = TableKeys.IdempotencyRow(booking.LinkId, idempotencyKey);
            actions.Add(new(TableTransactionActionType.Add, new IdempotencyEntity
            {
                PartitionKey = partition,
                RowKey = idempotencyRow,
                LinkId = booking.LinkId,
                Fingerprint = fingerprint ?? "",
                BookingRowKey = bookingEntity.RowKey,
                CreatedAt = booking.CreatedAt,
            }));
            actions.Add(new(TableTransactionActionType.Add,
                PurgeIndex(partition, booking.CreatedAt + retention.Value.IdempotencyRecords, booking.LinkId, idempotencyRow)));
        }

        if (updated.StoredStatus != LinkStatus.Active)
        {
            AddEndingActions(actions, partition, read.Link, updated);
        }

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return BookResult.Booked;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412 && ex.FailedTransactionActionIndex == 0)
        {
            // The SDK retries transient failures; if the first attempt committed and only its reply was lost, the
            // retry fails on the ETag that attempt changed. The link then names our booking: it is ours, not a loss.
            var current = await table.GetEntityIfExistsAsync<LinkEntity>(partition, TableKeys.LinkRow(updated.LinkId), cancellationToken: cancellationToken);
            return current.HasValue && current.Value!.LastBookingId == booking.BookingId ? BookResult.Booked : BookResult.LinkChanged;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 1)
        {
            return BookResult.SlotTaken;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 4)
        {
            return BookResult.IdempotencyKeyTaken;
        }
    }

    public async Task<bool> TryEndLinkAsync(LinkSnapshot read, Link ended, LinkEvent endedEvent, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(ended.CalendarId);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateMerge, EntityMapping.ToEntity(ended), read.ETag),
            new(TableTransactionActionType.Add, ToOutboxEntity(endedEvent)),
        };
        AddEndingActions(actions, partition, read.Link, ended);

        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412 && ex.FailedTransactionActionIndex == 0)
        {
            return false;
        }
    }

    public async Task<LinkPage> ListLinksAsync(
        string calendarId,
        LinkStatus? status,
        DateTimeOffset now,
        int pageSize,
        string? continuationToken,
        CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(calendarId);
        var sdkToken = continuationToken is null ? null : DecodeContinuation(continuationToken, partition);
        var filter = TableKeys.PrefixFilter(partition, TableKeys.LinkRowPrefix) + status switch
        {
            null => "",

            // An active row past its expiry is expired even before the sweep rewrites it.
            LinkStatus.Active => TableClient.CreateQueryFilter($" and Status eq {"active"} and ExpiresAt gt {now}"),
            LinkStatus.Expired => TableClient.CreateQueryFilter(
                $" and (Status eq {"expired"} or (Status eq {"active"} and ExpiresAt le {now}))"),
            _ => TableClient.CreateQueryFilter($" and Status eq {status.Value.ToWireName()}"),
        };

        await foreach (var page in table.QueryAsync<LinkEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(sdkToken, pageSize))
        {
            var links = page.Values.Select(EntityMapping.ToLink).ToList();
            return new LinkPage(links, page.ContinuationToken is null ? null : EncodeContinuation(page.ContinuationToken, partition));
        }

        return new LinkPage([], null);
    }

    public async Task DeleteOutboxEventAsync(LinkEvent published, CancellationToken cancellationToken = default)
    {
        // Unconditional on purpose: the row is immutable once written, and a 404 (another dispatcher already removed
        // it) is success. The SDK returns 404 here without throwing.
        await table.DeleteEntityAsync(
            TableKeys.CalendarPartition(published.CalendarId), TableKeys.OutboxRow(published.Id), ETag.All, cancellationToken);
    }

    private static LinkEntity WithLastBooking(LinkEntity entity, string bookingId)
    {
        entity.LastBookingId = bookingId;
        return entity;
    }

    private void AddEndingActions(List<TableTransactionAction> actions, string partition, Link before, Link ended)
    {
        // The expiry index row exists exactly while an expiring link is active; the ETag on the link guarantees only
        // one ending transaction reaches this delete.
        if (before.ExpiresAt is { } expiresAt)
        {
            actions.Add(new(TableTransactionActionType.Delete,
                new TableEntity(partition, TableKeys.ExpiryRow(expiresAt, before.LinkId)), ETag.All));
        }

        var endedAt = ended.EndedAt ?? throw new InvalidOperationException("An ended link needs EndedAt.");
        actions.Add(new(TableTransactionActionType.Add,
            PurgeIndex(partition, endedAt + retention.Value.EndedLinks, ended.LinkId, TableKeys.LinkRow(ended.LinkId))));
    }

    private OutboxEntity ToOutboxEntity(LinkEvent linkEvent) =>
        EntityMapping.ToEntity<OutboxEntity>(linkEvent, TableKeys.OutboxRow(linkEvent.Id), protector);

    private static IndexEntity ExpiryIndex(string partition, DateTimeOffset expiresAt, string linkId) => new()
    {
        PartitionKey = partition,
        RowKey = TableKeys.ExpiryRow(expiresAt, linkId),
        LinkId = linkId,
    };

    private static IndexEntity PurgeIndex(string partition, DateTimeOffset purgeAt, string linkId, string target) => new()
    {
        PartitionKey = partition,
        RowKey = TableKeys.PurgeRow(purgeAt, target),
        LinkId = linkId,
        Targets = target,
    };

    private static T Convert<T>(TableEntity row)
        where T : TableRow, new() => TableEntityConverter.ToTyped<T>(row);

    // The SDK's token is "NextPK NextRK", but both halves are the service's opaque encodings (Azure: "1!12!YyxkcmF…",
    // Azurite: base64), not our keys. So the partition travels beside it and a token issued for another calendar is
    // refused; the query's own partition and range filter still bound whatever the SDK token says.
    private static string EncodeContinuation(string sdkToken, string partition) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{partition}\n{sdkToken}"));

    private static string DecodeContinuation(string token, string partition)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('\n');
            if (decoded.Length == 2 && decoded[0] == partition
                && decoded[1].Split(' ') is [{ Length: > 0 }, _])
            {
                return decoded[1];
            }
        }
        catch (FormatException)
        {
        }

        throw new InvalidContinuationTokenException();
    }
}
