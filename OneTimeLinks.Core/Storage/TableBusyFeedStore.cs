using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OneTimeLinks.Core.BusyFeeds;
using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Core.Storage;

/// <summary>Azure Table Storage implementation of <see cref="IBusyFeedStore"/>; the layout is in docs/design.md.</summary>
internal sealed class TableBusyFeedStore(TableClient table, EventPayloadProtector protector) : IBusyFeedStore
{
    public async Task<BusyFeedSet> GetAsync(string calendarId, CancellationToken cancellationToken = default)
    {
        var row = await table.GetEntityIfExistsAsync<BusyFeedsEntity>(
            TableKeys.CalendarPartition(calendarId), TableKeys.BusyFeedsRow, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return new BusyFeedSet([], null);
        }

        var stored = JsonSerializer.Deserialize<List<StoredFeed>>(protector.Unprotect(row.Value!.ProtectedFeeds)) ?? [];
        return new BusyFeedSet([.. stored.Select(f => new BusyFeed(f.Id, new Uri(f.Url), f.RefreshMinutes))], row.Value.ETag.ToString());
    }

    public async Task<bool> TryReplaceAsync(
        string calendarId, IReadOnlyList<BusyFeed> feeds, string? version, CancellationToken cancellationToken = default)
    {
        var entity = new BusyFeedsEntity
        {
            PartitionKey = TableKeys.CalendarPartition(calendarId),
            RowKey = TableKeys.BusyFeedsRow,

            // The URLs are the owner's secret calendar addresses: encrypted like webhook secrets, with the same key ring.
            ProtectedFeeds = protector.Protect(JsonSerializer.Serialize(
                feeds.OrderBy(f => f.Id, StringComparer.Ordinal).Select(f => new StoredFeed(f.Id, f.Url.OriginalString, f.RefreshMinutes)))),
        };
        try
        {
            if (version is null)
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(entity, new ETag(version), TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private sealed record StoredFeed(string Id, string Url, int RefreshMinutes);
}

/// <summary>A calendar's feeds (<c>busyfeeds</c>): their JSON, encrypted.</summary>
internal sealed class BusyFeedsEntity : TableRow
{
    public string ProtectedFeeds { get; set; } = "";
}
