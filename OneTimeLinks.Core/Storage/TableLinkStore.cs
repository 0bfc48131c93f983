using OneTimeLinks.Core.Bookings;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Sweeping;

namespace OneTimeLinks.Core.Storage;

/// <summary>The continuation token a client sent is not one this service issued.</summary>
internal sealed class InvalidContinuationTokenException() : FormatException("The continuation token is not valid.");

/// <summary>Azure Table Storage implementation of <see cref="ILinkStore"/>; the table layout is in docs/design.md.</summary>
internal sealed partial class TableLinkStore(
    TableClient table,
    EventPayloadProtector protector,
    IOptions<RetentionOptions> retention,
    DueHints hints) : ILinkStore
{
    public async Task<CreateLinkResult> CreateLinkAsync(
        Link link, LinkEvent generated, GenerateIdempotency? idempotency = null, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(link.CalendarId);
        var actions = new List<TableTransactionAction> { CalendarMustExist(partition) };
        AddNewLink(actions, partition, link, generated);
        if (idempotency is not null)
        {
            // The key's record commits with the link, so it exists exactly when the link does; a concurrent request with
            // the same key fails this insert and creates nothing. Its purge row lets the sweep drop it after retention.
            var record = EntityMapping.ToGenerateIdempotencyEntity(generated, idempotency.Key, idempotency.Fingerprint, protector);
            actions.Add(new(TableTransactionActionType.Add, record));
            actions.Add(new(TableTransactionActionType.Add, EntityMapping.PurgeIndex(
                record.PartitionKey, link.CreatedAt + retention.Value.IdempotencyRecords, [record.RowKey], link.LinkId)));
        }

        try
        {
            await hints.SubmitTransactionAsync(actions, cancellationToken);
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
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && idempotency is not null)
        {
            // At the record: a concurrent request with the key won. At the link row: this very transaction committed and
            // the SDK's retry of it (after a lost answer) met its own rows, record included. Either way the record answers.
            return CreateLinkResult.IdempotencyKeyTaken;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && idempotency is null && link.RequestId is null && ex.FailedTransactionActionIndex == 1)
        {
            // The link id is new, so its row can only be this very transaction's: it committed, its answer was lost, and
            // the SDK's retry met its own rows. Answering 500 would make the CRM generate a second link. The token hash
            // (from this call's secret) tells our row from another link's colliding id.
            var stored = await table.GetEntityIfExistsAsync<LinkEntity>(
                partition, TableKeys.LinkRow(link.LinkId), select: [nameof(LinkEntity.TokenHash)], cancellationToken: cancellationToken);
            if (stored.HasValue && stored.Value!.TokenHash == link.TokenHash)
            {
                return CreateLinkResult.Created;
            }

            throw;
        }
    }

    public async Task<StoredGenerateRecord?> GetGenerateRecordAsync(
        string calendarId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var response = await table.GetEntityIfExistsAsync<GenerateIdempotencyEntity>(
            TableKeys.CalendarPartition(calendarId), TableKeys.GenerateIdempotencyRow(idempotencyKey), cancellationToken: cancellationToken);
        return response.HasValue
            ? new StoredGenerateRecord(response.Value!.Fingerprint, EntityMapping.ToLinkEvent(response.Value, protector))
            : null;
    }

    /// <summary>
    /// An empty merge with If-Match "*" changes nothing but fails with 404 when the calendar is missing, so the existence
    /// check and the inserts after it are one atomic round trip instead of a read followed by a write.
    /// </summary>
    private static TableTransactionAction CalendarMustExist(string partition) =>
        new(TableTransactionActionType.UpdateMerge, new TableEntity(partition, TableKeys.CalendarRow), ETag.All);

    /// <summary>The rows a new link adds, in this order (<see cref="ActionsFor"/> counts them).</summary>
    private void AddNewLink(List<TableTransactionAction> actions, string partition, Link link, LinkEvent generated)
    {
        actions.Add(new(TableTransactionActionType.Add, EntityMapping.ToEntity(link)));
        actions.Add(new(TableTransactionActionType.Add, EntityMapping.ToOutboxEntity(generated, protector)));
        if (link.RequestId is { } requestId)
        {
            // One row per workflow request id: a duplicate delivery fails this insert and creates nothing. It keeps the
            // generated event (encrypted, like the outbox row) so every later delivery can publish that same event.
            actions.Add(new(TableTransactionActionType.Add, EntityMapping.ToRequestEntity(generated, requestId, protector)));
        }

        if (link.ExpiresAt is { } expiresAt)
        {
            actions.Add(new(TableTransactionActionType.Add, EntityMapping.ExpiryIndex(partition, expiresAt, link.LinkId)));
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
        if (!response.HasValue)
        {
            return null;
        }

        // A link is only ever created inside its calendar's existence check: its row proves the calendar.
        hints.SawCalendar(calendarId);
        return new LinkSnapshot(EntityMapping.ToLink(response.Value!), response.Value!.ETag.ToString());
    }

    public async Task<BookingContext> GetBookingContextAsync(
        string calendarId,
        string linkId,
        string? idempotencyKey,
        DateRange? agendaDates,
        CancellationToken cancellationToken = default)
    {
        // Point reads sent together, not one "RowKey eq A or RowKey eq B" query: the service serves such a filter as a
        // scan of the whole partition, whose cost grows with the calendar's history.
        var partition = TableKeys.CalendarPartition(calendarId);
        var calendar = table.GetEntityIfExistsAsync<CalendarEntity>(partition, TableKeys.CalendarRow, cancellationToken: cancellationToken);
        var link = table.GetEntityIfExistsAsync<LinkEntity>(partition, TableKeys.LinkRow(linkId), cancellationToken: cancellationToken);
        var record = idempotencyKey is null
            ? null
            : IdempotencyRows.ReadAsync(table, partition, linkId, idempotencyKey, cancellationToken);
        var agenda = agendaDates is { } dates
            ? AgendaRows.ReadAsync(table, calendarId, [dates], cancellationToken)
            : null;

        // Reads only: nothing is written before the token is checked. The booking's due hint goes beside its commit.
        await Task.WhenAll(new Task?[] { calendar, link, record, agenda }.OfType<Task>());

        var calendarRow = await calendar;
        if (calendarRow.HasValue)
        {
            hints.SawCalendar(calendarId);
        }

        var linkRow = await link;
        return new BookingContext(
            calendarRow.HasValue ? EntityMapping.ToCalendar(calendarRow.Value!) : null,
            linkRow.HasValue ? new LinkSnapshot(EntityMapping.ToLink(linkRow.Value!), linkRow.Value!.ETag.ToString()) : null,
            record is null ? null : await record,
            agenda is null ? null : await agenda);
    }

    public async Task<BookResult> TryBookAsync(
        LinkSnapshot read,
        Link updated,
        Booking booking,
        LinkEvent used,
        IReadOnlyList<AgendaDaySnapshot> agenda,
        string? idempotencyKey,
        string? fingerprint,
        CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(updated.CalendarId);
        var bookingEntity = EntityMapping.ToEntity(booking);
        var actions = new List<TableTransactionAction>
        {
            // Index 0: the link, conditional on the ETag read. Every concurrent booking, revoke or expiry of this link
            // changes it, so only one of them can commit against one version.
            new(TableTransactionActionType.UpdateMerge, WithLastBooking(EntityMapping.ToEntity(updated), booking.BookingId), new ETag(read.Version)),
            new(TableTransactionActionType.Add, bookingEntity),
            new(TableTransactionActionType.Add, EntityMapping.ToEntity(booking, byStart: true)),
            new(TableTransactionActionType.Add, EntityMapping.ToOutboxEntity(used, protector)),
        };

        // Then the agenda dates the booking claims, each conditional on the version read (or inserted): any other
        // writer whose decision depends on this one writes one of the same rows, so only one of them commits.
        var agendaWrites = AgendaRows.AddWrites(actions, partition, agenda);

        // A concurrent request with the same key loses on its record (or on the link) and then replays.
        var idempotencyIndex = IdempotencyRows.Add(actions, partition, booking.LinkId, idempotencyKey, fingerprint, booking.LinkId,
            booking.BookingId, booking.CreatedAt, retention.Value.IdempotencyRecords);

        if (updated.StoredStatus != LinkStatus.Active)
        {
            AddEndingActions(actions, partition, read.Link, updated);
        }

        // A request's deadline joins the expiry index; the sweep's visit for the outbox row hints it (HintNextDueAsync).
        if (booking.ConfirmBy is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, EntityMapping.ConfirmationDeadlineIndex(partition, booking)));
        }

        try
        {
            await hints.SubmitTransactionAsync(actions, cancellationToken);
            return BookResult.Booked;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 412 && ex.FailedTransactionActionIndex == 0)
        {
            // The SDK retries transient failures; if the first attempt committed and only its reply was lost, the
            // retry fails on the ETag that attempt changed. The link then names our booking: it is ours, not a loss.
            var current = await table.GetEntityIfExistsAsync<LinkEntity>(partition, TableKeys.LinkRow(updated.LinkId), cancellationToken: cancellationToken);
            return current.HasValue && current.Value!.LastBookingId == booking.BookingId ? BookResult.Booked : BookResult.LinkChanged;
        }
        catch (TableTransactionFailedException ex) when (agendaWrites.Lost(ex))
        {
            return BookResult.AgendaChanged;
        }
        catch (TableTransactionFailedException ex) when (IdempotencyRows.Taken(ex, idempotencyIndex))
        {
            return BookResult.IdempotencyKeyTaken;
        }
    }

    public async Task<bool> TryRecordOpenAsync(LinkSnapshot read, Link opened, LinkEvent? openedEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(opened);

        // Only the open fields: the merge leaves status, uses and everything else as the version read holds them.
        var entity = new TableEntity(TableKeys.CalendarPartition(opened.CalendarId), TableKeys.LinkRow(opened.LinkId))
        {
            [nameof(LinkEntity.OpenCount)] = opened.OpenCount,
            [nameof(LinkEntity.FirstOpenedAt)] = opened.FirstOpenedAt,
        };
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateMerge, entity, new ETag(read.Version)) };
        if (openedEvent is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, EntityMapping.ToOutboxEntity(openedEvent, protector)));
        }

        return await TrySubmitIfUnchangedAsync(actions, cancellationToken);
    }

    public async Task<bool> TryEndLinkAsync(LinkSnapshot read, Link ended, LinkEvent endedEvent, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(ended.CalendarId);
        var actions = MergeWithEvent(read, ended, endedEvent);
        AddEndingActions(actions, partition, read.Link, ended);

        return await TrySubmitIfUnchangedAsync(actions, cancellationToken);
    }

    public async Task<bool> TryUpdateLinkAsync(LinkSnapshot read, Link updated, LinkEvent updatedEvent, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(updated.CalendarId);
        var actions = MergeWithEvent(read, updated, updatedEvent);

        // A merge leaves out a null property, so it could never remove a note: a removed note is written as "", which
        // reads back as none (a note is never empty: the validator makes an empty one null).
        if (updated.Note is null && actions[0].Entity is LinkEntity merged)
        {
            merged.Note = "";
        }

        // The expiry index row exists exactly while an expiring link is active, so it moves with the expiry; the ETag on
        // the link lets only one writer of this version reach it.
        if (read.Link.ExpiresAt != updated.ExpiresAt)
        {
            if (read.Link.ExpiresAt is { } before)
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, TableKeys.ExpiryRow(before, updated.LinkId)), ETag.All));
            }

            if (updated.ExpiresAt is { } after)
            {
                actions.Add(new(TableTransactionActionType.Add, EntityMapping.ExpiryIndex(partition, after, updated.LinkId)));
            }
        }

        return await TrySubmitIfUnchangedAsync(actions, cancellationToken);
    }

    /// <summary>The link's new version, conditional on the version read, and its event's outbox row: a change's first two actions.</summary>
    private List<TableTransactionAction> MergeWithEvent(LinkSnapshot read, Link changed, LinkEvent changedEvent) =>
    [
        new(TableTransactionActionType.UpdateMerge, EntityMapping.ToEntity(changed), new ETag(read.Version)),
        new(TableTransactionActionType.Add, EntityMapping.ToOutboxEntity(changedEvent, protector)),
    ];

    /// <summary>Submits a change whose first action is conditional on the link's version; false when another writer won.</summary>
    private async Task<bool> TrySubmitIfUnchangedAsync(List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await hints.SubmitTransactionAsync(actions, cancellationToken);
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
        bool? opened = null,
        CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.CalendarPartition(calendarId);
        var filter = TableKeys.PrefixFilter(partition, TableKeys.LinkRowPrefix) + (status is { } only ? StatusFilter(only, now) : "") + opened switch
        {
            null => "",

            // Written as 0 at generation; rows from before opens were recorded lack it and match neither filter.
            true => TableClient.CreateQueryFilter($" and OpenCount gt {0}"),
            false => TableClient.CreateQueryFilter($" and OpenCount eq {0}"),
        };

        var (links, next) = await TablePages.ReadAsync<LinkEntity, Link>(
            table, partition, filter, pageSize, continuationToken, EntityMapping.ToLink, cancellationToken);
        return new LinkPage(links, next);
    }

    /// <summary>The filter clause (" and …") for the link rows that have <paramref name="status"/> at <paramref name="now"/>.</summary>
    internal static string StatusFilter(LinkStatus status, DateTimeOffset now) => status switch
    {
        // An active row past its expiry is expired even before the sweep rewrites it.
        LinkStatus.Active => TableClient.CreateQueryFilter($" and Status eq {"active"} and ExpiresAt gt {now}"),
        LinkStatus.Expired => TableClient.CreateQueryFilter(
            $" and (Status eq {"expired"} or (Status eq {"active"} and ExpiresAt le {now}))"),
        _ => TableClient.CreateQueryFilter($" and Status eq {status.ToWireName()}"),
    };

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
            EntityMapping.PurgeIndex(partition, endedAt + retention.Value.EndedLinks, [TableKeys.LinkRow(ended.LinkId)], ended.LinkId)));
    }
}
