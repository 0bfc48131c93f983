using Azure;
using Azure.Data.Tables;

namespace OneTimeLinks.Core.Storage;

/// <summary>Azure Table Storage implementation of <see cref="IWebhookStore"/>; the layout is in docs/design.md.</summary>
internal sealed class TableWebhookStore(TableClient table) : IWebhookStore
{
    // Each round one writer wins, so this many rounds outlast any realistic burst of creates and deletes.
    private const int MaxCountAttempts = 32;

    private static readonly string AllWebhooks = TableKeys.PrefixFilter(TableKeys.WebhookPartition, TableKeys.WebhookRowPrefix);

    public async Task<IReadOnlyList<StoredWebhook>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        var webhooks = new List<StoredWebhook>();
        await foreach (var row in table.QueryAsync<WebhookEntity>(AllWebhooks, cancellationToken: cancellationToken))
        {
            webhooks.Add(WebhookRows.ToStored(row));
        }

        return webhooks;
    }

    public async Task<StoredWebhook?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<WebhookEntity>(
            TableKeys.WebhookPartition, TableKeys.WebhookRow(id), cancellationToken: cancellationToken);
        return row.HasValue ? WebhookRows.ToStored(row.Value!) : null;
    }

    public async Task<StoredWebhook?> TryReplaceAsync(StoredWebhook webhook, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        try
        {
            var response = await table.UpdateEntityAsync(
                WebhookRows.ToEntity(webhook), new ETag(webhook.Version), TableUpdateMode.Replace, cancellationToken);
            return webhook with { Version = response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The table answered without an ETag.") };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    public async Task<WebhookAddResult> TryAddAsync(StoredWebhook webhook, int maxSubscriptions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        for (var attempt = 0; attempt < MaxCountAttempts; attempt++)
        {
            var counter = await ReadCountAsync(cancellationToken);
            var count = counter?.Count ?? 0;
            if (count >= maxSubscriptions)
            {
                return WebhookAddResult.LimitReached;
            }

            List<TableTransactionAction> actions =
            [
                CountAction(counter, count + 1),
                new(TableTransactionActionType.Add, WebhookRows.ToEntity(webhook)),
            ];
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return WebhookAddResult.Added;
            }
            catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 0 && ex.Status is 409 or 412)
            {
                // Another create or delete changed the count first: read it again and decide again.
            }
        }

        return WebhookAddResult.Contended;
    }

    public async Task<WebhookDeleteResult> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxCountAttempts; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<WebhookEntity>(
                TableKeys.WebhookPartition, TableKeys.WebhookRow(id), select: ["RowKey"], cancellationToken: cancellationToken);
            if (!row.HasValue)
            {
                return WebhookDeleteResult.NotFound;
            }

            var counter = await ReadCountAsync(cancellationToken);
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.Delete, new TableEntity(TableKeys.WebhookPartition, TableKeys.WebhookRow(id)), row.Value!.ETag),
                CountAction(counter, Math.Max(0, (counter?.Count ?? 0) - 1)),
            ];
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return WebhookDeleteResult.Deleted;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                // The subscription changed (a delivery recorded its outcome), went, or the count moved: look again.
            }
        }

        return WebhookDeleteResult.Contended;
    }

    public async Task<WebhookPage> ListAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var sdkToken = continuationToken is null ? null : ContinuationTokens.Decode(continuationToken, TableKeys.WebhookPartition);
        await foreach (var page in table.QueryAsync<WebhookEntity>(AllWebhooks, maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(sdkToken, pageSize))
        {
            return new WebhookPage(
                [.. page.Values.Select(WebhookRows.ToSubscription)],
                page.ContinuationToken is null ? null : ContinuationTokens.Encode(page.ContinuationToken, TableKeys.WebhookPartition));
        }

        return new WebhookPage([], null);
    }

    private async Task<WebhookCountEntity?> ReadCountAsync(CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<WebhookCountEntity>(
            TableKeys.WebhookPartition, TableKeys.WebhookCountRow, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    // The count row is created by the first subscription and rewritten under its ETag ever after.
    private static TableTransactionAction CountAction(WebhookCountEntity? counter, int count)
    {
        var entity = new WebhookCountEntity { PartitionKey = TableKeys.WebhookPartition, RowKey = TableKeys.WebhookCountRow, Count = count };
        return counter is null
            ? new(TableTransactionActionType.Add, entity)
            : new(TableTransactionActionType.UpdateReplace, entity, counter.ETag);
    }
}
