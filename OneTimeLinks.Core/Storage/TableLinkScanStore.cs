using Azure.Data.Tables;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Core.Storage;

/// <summary>Azure Table Storage implementation of <see cref="ILinkScanStore"/>; the costs are in docs/design.md.</summary>
internal sealed class TableLinkScanStore(TableClient table) : ILinkScanStore
{
    private static readonly string[] CountColumns = [nameof(LinkEntity.Status), nameof(LinkEntity.ExpiresAt)];

    private static readonly string[] SearchColumns =
        [nameof(LinkEntity.LinkId), nameof(LinkEntity.Note), nameof(LinkEntity.ContactName), nameof(LinkEntity.ContactEmail)];

    public async Task<LinkCounts> CountByStatusAsync(string calendarId, DateTimeOffset now, int maxRows, CancellationToken cancellationToken = default)
    {
        var counts = new int[4];
        var read = 0;
        var filter = TableKeys.PrefixFilter(TableKeys.CalendarPartition(calendarId), TableKeys.LinkRowPrefix);
        await foreach (var row in table.QueryAsync<LinkEntity>(filter, maxPerPage: 1000, select: CountColumns, cancellationToken: cancellationToken))
        {
            if (read++ == maxRows)
            {
                return ToCounts(counts, capped: true);
            }

            if (LinkStatusNames.TryParse(row.Status, out var status))
            {
                // An active row past its expiry is expired before the sweep rewrites it, as the list's filter says.
                counts[(int)(status == LinkStatus.Active && row.ExpiresAt <= now ? LinkStatus.Expired : status)]++;
            }
        }

        return ToCounts(counts, capped: false);
    }

    public async Task<(IReadOnlyList<Link> Links, string? NextAfterLinkId)> SearchAsync(LinkSearchQuery query, CancellationToken cancellationToken = default)
    {
        var (calendarId, status, now, text, afterLinkId, pageSize, maxRows) = query;
        var partition = TableKeys.CalendarPartition(calendarId);
        var filter = (afterLinkId is null
                ? TableKeys.PrefixFilter(partition, TableKeys.LinkRowPrefix)
                : TableClient.CreateQueryFilter(
                    $"PartitionKey eq {partition} and RowKey gt {TableKeys.LinkRow(afterLinkId)} and RowKey lt {TableKeys.UpperBound(TableKeys.LinkRowPrefix)}"))
            + TableLinkStore.StatusFilter(status, now);
        var matches = new List<string>(pageSize);
        string? lastRead = null;
        var read = 0;
        await foreach (var row in table.QueryAsync<LinkEntity>(filter, maxPerPage: 1000, select: SearchColumns, cancellationToken: cancellationToken))
        {
            if (matches.Count == pageSize || read == maxRows)
            {
                // More rows to read: the next page starts after the last one this page read or showed.
                var next = matches.Count == pageSize ? matches[^1] : lastRead;
                return (await ReadAsync(partition, matches, cancellationToken), next);
            }

            read++;
            lastRead = row.LinkId;
            if (Holds(row.Note, text) || Holds(row.ContactName, text) || Holds(row.ContactEmail, text))
            {
                matches.Add(row.LinkId);
            }
        }

        return (await ReadAsync(partition, matches, cancellationToken), null);
    }

    private static bool Holds(string? value, string text) => value is not null && value.Contains(text, StringComparison.OrdinalIgnoreCase);

    /// <summary>The matches in full (the page shows every fact of a link), by point reads in parallel.</summary>
    private async Task<IReadOnlyList<Link>> ReadAsync(string partition, List<string> linkIds, CancellationToken cancellationToken)
    {
        var rows = await Task.WhenAll(linkIds.Select(id =>
            table.GetEntityIfExistsAsync<LinkEntity>(partition, TableKeys.LinkRow(id), cancellationToken: cancellationToken)));
        return [.. rows.Where(row => row.HasValue).Select(row => EntityMapping.ToLink(row.Value!))];
    }

    private static LinkCounts ToCounts(int[] counts, bool capped) =>
        new(counts[(int)LinkStatus.Active], counts[(int)LinkStatus.Used], counts[(int)LinkStatus.Expired], counts[(int)LinkStatus.Revoked], capped);
}
