using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Sweeping;
using OneTimeLinks.Core.Webhooks;

namespace OneTimeLinks.Core.Storage;

/// <summary>Azure Table Storage implementation of <see cref="IWebhookDeliveryStore"/>; the layout is in docs/design.md.</summary>
internal sealed class TableWebhookDeliveryStore(
    TableClient table, EventPayloadProtector protector, DueHints hints, IOptions<RetentionOptions> retention) : IWebhookDeliveryStore
{
    /// <summary>
    /// Attempts kept on the row, newest last: the schedule's eight and a few redeliveries. Each holds at most 1 KiB of
    /// answer, so the row stays far below a property's 64 KiB; <see cref="WebhookDelivery.AttemptCount"/> counts them all.
    /// </summary>
    private const int MaxAttemptsKept = 16;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<bool> TryCreateAsync(
        string subscriptionId, LinkEvent linkEvent, DateTimeOffset now, DateTimeOffset timerFrom, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.WebhookDeliveryPartition(subscriptionId);
        var row = new WebhookDeliveryEntity
        {
            PartitionKey = partition,
            RowKey = TableKeys.WebhookDeliveryRow(linkEvent.Id),
            EventId = linkEvent.Id,
            Type = linkEvent.Type,
            LinkId = linkEvent.LinkId,
            CalendarId = linkEvent.CalendarId,
            Time = linkEvent.Time,
            ProtectedData = protector.Protect(linkEvent.DataJson),
            TraceParent = linkEvent.TraceParent,
            Status = StatusName(WebhookDeliveryStatus.Pending),
            CreatedAt = now,
            NextAttemptAt = now,
            DueAt = timerFrom,
        };
        try
        {
            await table.SubmitTransactionAsync(
                [new(TableTransactionActionType.Add, row), new(TableTransactionActionType.Add, DueRow(partition, timerFrom, linkEvent.Id))],
                cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            // Created before, by an earlier hand-off of the same event: that delivery stands as it is.
            return false;
        }
    }

    public async Task<StoredWebhookDelivery?> GetAsync(string subscriptionId, string deliveryId, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<WebhookDeliveryEntity>(
            TableKeys.WebhookDeliveryPartition(subscriptionId), TableKeys.WebhookDeliveryRow(deliveryId), cancellationToken: cancellationToken);
        return row.HasValue ? ToStored(subscriptionId, row.Value!) : null;
    }

    public async Task<StoredWebhookDelivery?> TryReplaceAsync(
        StoredWebhookDelivery current, StoredWebhookDelivery updated, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.WebhookDeliveryPartition(updated.Delivery.SubscriptionId);
        var purgeAt = PurgeAt(updated.Delivery);
        var row = ToEntity(partition, updated);
        row.PurgeAt = purgeAt;

        // Every write but the creation puts the due row at the next attempt.
        var before = current.DueAt;
        var after = updated.Delivery.NextAttemptAt;
        row.DueAt = after;
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, row, new ETag(current.Version)) };
        if (before != after)
        {
            if (before is { } old)
            {
                actions.Add(new(TableTransactionActionType.Delete, DueRow(partition, old, updated.Delivery.Id), ETag.All));
            }

            if (after is { } next)
            {
                actions.Add(new(TableTransactionActionType.Add, DueRow(partition, next, updated.Delivery.Id)));
            }
        }

        // The purge row moves like the due row: it exists exactly while the delivery has ended, at the instant it names.
        if (current.PurgeAt != purgeAt)
        {
            if (current.PurgeAt is { } oldPurge)
            {
                actions.Add(new(TableTransactionActionType.Delete, PurgeRow(partition, oldPurge, updated.Delivery.Id), ETag.All));
            }

            if (purgeAt is { } newPurge)
            {
                actions.Add(new(TableTransactionActionType.Add, PurgeRow(partition, newPurge, updated.Delivery.Id)));
            }
        }

        try
        {
            var response = await hints.SubmitHintedAsync(
                actions, purgeAt is { } hinted && hinted != current.PurgeAt ? [(partition, hinted)] : [], cancellationToken);
            return updated with { Version = (response.Value[0].Headers.ETag ?? ETag.All).ToString(), PurgeAt = purgeAt, DueAt = after };
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<DueDeliveryPurge> GetDuePurgesAsync(
        string subscriptionId, DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.WebhookDeliveryPartition(subscriptionId);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {TableKeys.PurgeRowPrefix} and RowKey le {TableKeys.PurgeRowUpperBound(now)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            yield return new DueDeliveryPurge(
                subscriptionId, TableKeys.EventIdFromWebhookDeliveryPurgeRow(row.RowKey), row.RowKey, row.ETag.ToString());
        }
    }

    public async Task<bool> TryPurgeAsync(DueDeliveryPurge due, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.WebhookDeliveryPartition(due.SubscriptionId);
        var purgeRow = new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, due.RowKey), new ETag(due.Version));
        try
        {
            // While the purge row stands the delivery has ended at the instant it names (both change in the same EGTs),
            // so the delivery needs no condition of its own: a redelivery that won removed the purge row, and this fails.
            await table.SubmitTransactionAsync(
                [purgeRow, new(TableTransactionActionType.Delete, new TableEntity(partition, TableKeys.WebhookDeliveryRow(due.DeliveryId)), ETag.All)],
                cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412 && ex.FailedTransactionActionIndex is 0 or null)
        {
            return false;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            // The delivery is gone but its purge row was left (written by hand, or a bug): the row names nothing now.
            await table.SubmitTransactionAsync([purgeRow], cancellationToken);
            return false;
        }
    }

    public async Task<IReadOnlyList<string>> GetDueAsync(string subscriptionId, DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.WebhookDeliveryPartition(subscriptionId);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey gt {TableKeys.WebhookDeliveryDueRowPrefix} and RowKey le {TableKeys.WebhookDeliveryDueRowUpperBound(now)}");
        var due = new List<string>();
        await foreach (var row in table.QueryAsync<WebhookDeliveryDueEntity>(filter, maxPerPage: Math.Min(max, 1000), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            due.Add(TableKeys.EventIdFromWebhookDeliveryDueRow(row.RowKey));
            if (due.Count >= max)
            {
                break;
            }
        }

        return due;
    }

    public async Task<WebhookDeliveryPage> ListAsync(
        string subscriptionId, WebhookDeliveryStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var partition = TableKeys.WebhookDeliveryPartition(subscriptionId);
        var sdkToken = continuationToken is null ? null : ContinuationTokens.Decode(continuationToken, partition);
        var prefix = TableKeys.WebhookDeliveryRowPrefix;
        var upper = TableKeys.UpperBound(prefix);
        var filter = status is { } wanted
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {prefix} and RowKey lt {upper} and Status eq {StatusName(wanted)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {prefix} and RowKey lt {upper}");
        await foreach (var page in table.QueryAsync<WebhookDeliveryEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(sdkToken, pageSize))
        {
            return new WebhookDeliveryPage(
                [.. page.Values.Select(row => ToDelivery(subscriptionId, row))],
                page.ContinuationToken is null ? null : ContinuationTokens.Encode(page.ContinuationToken, partition));
        }

        return new WebhookDeliveryPage([], null);
    }

    private static WebhookDeliveryDueEntity DueRow(string partition, DateTimeOffset at, string eventId) => new()
    {
        PartitionKey = partition,
        RowKey = TableKeys.WebhookDeliveryDueRow(at, eventId),
    };

    private static TableEntity PurgeRow(string partition, DateTimeOffset at, string eventId) =>
        new(partition, TableKeys.WebhookDeliveryPurgeRow(at, eventId));

    /// <summary>An ended delivery is kept for the retention after its last attempt (a failed one stays redeliverable).</summary>
    private DateTimeOffset? PurgeAt(WebhookDelivery delivery) =>
        delivery.Status == WebhookDeliveryStatus.Pending
            ? null
            : (delivery.Attempts.Count > 0 ? delivery.Attempts[^1].At : delivery.CreatedAt) + retention.Value.WebhookDeliveries;

    private StoredWebhookDelivery ToStored(string subscriptionId, WebhookDeliveryEntity row) => new(
        ToDelivery(subscriptionId, row),
        new LinkEvent(row.EventId, row.Type, row.CalendarId, row.LinkId, row.Time, protector.Unprotect(row.ProtectedData)) { TraceParent = row.TraceParent },
        row.Step,
        row.ETag.ToString())
    {
        PurgeAt = row.PurgeAt,
        DueAt = row.Status == StatusName(WebhookDeliveryStatus.Pending) ? row.DueAt ?? row.NextAttemptAt : null,
    };

    private WebhookDeliveryEntity ToEntity(string partition, StoredWebhookDelivery stored)
    {
        var delivery = stored.Delivery;
        return new WebhookDeliveryEntity
        {
            PartitionKey = partition,
            RowKey = TableKeys.WebhookDeliveryRow(delivery.Id),
            EventId = stored.Event.Id,
            Type = stored.Event.Type,
            LinkId = stored.Event.LinkId,
            CalendarId = stored.Event.CalendarId,
            Time = stored.Event.Time,
            ProtectedData = protector.Protect(stored.Event.DataJson),
            TraceParent = stored.Event.TraceParent,
            Status = StatusName(delivery.Status),
            CreatedAt = delivery.CreatedAt,
            NextAttemptAt = delivery.NextAttemptAt,
            Step = stored.Step,
            AttemptCount = delivery.AttemptCount,
            AttemptsJson = JsonSerializer.Serialize(
                delivery.Attempts.TakeLast(MaxAttemptsKept).Select(a => new AttemptRecord(a.At, a.StatusCode, (long)a.Latency.TotalMilliseconds, a.Response, a.Error, a.Detail)),
                Json),
        };
    }

    private static WebhookDelivery ToDelivery(string subscriptionId, WebhookDeliveryEntity row) => new(
        row.EventId,
        subscriptionId,
        row.Type,
        Enum.Parse<WebhookDeliveryStatus>(row.Status, ignoreCase: true),
        row.CreatedAt,
        row.NextAttemptAt,
        row.AttemptCount,
        [.. (JsonSerializer.Deserialize<List<AttemptRecord>>(row.AttemptsJson, Json) ?? [])
            .Select(a => new WebhookAttempt(a.At, a.Status, TimeSpan.FromMilliseconds(a.Ms), a.Response, a.Error, a.Detail))]);

    private static string StatusName(WebhookDeliveryStatus status) => status.ToString().ToLowerInvariant();

    private sealed record AttemptRecord(DateTimeOffset At, int? Status, long Ms, string? Response, string? Error, string? Detail);
}
