using Azure.Data.Tables;

namespace OneTimeLinks.Core.Storage;

/// <summary>One page of a paged list over one partition, resumed and continued with <see cref="ContinuationTokens"/>.</summary>
internal static class TablePages
{
    /// <summary>The first page of <paramref name="filter"/> from where <paramref name="continuationToken"/> left off, and the token for the next.</summary>
    /// <exception cref="InvalidContinuationTokenException">The token is not one this service issued for the partition.</exception>
    public static async Task<(List<TItem> Items, string? ContinuationToken)> ReadAsync<TEntity, TItem>(
        TableClient table,
        string partition,
        string filter,
        int pageSize,
        string? continuationToken,
        Func<TEntity, TItem> map,
        CancellationToken cancellationToken)
        where TEntity : class, ITableEntity, new()
    {
        var sdkToken = continuationToken is null ? null : ContinuationTokens.Decode(continuationToken, partition);
        await foreach (var page in table.QueryAsync<TEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(sdkToken, pageSize))
        {
            return ([.. page.Values.Select(map)], page.ContinuationToken is null ? null : ContinuationTokens.Encode(page.ContinuationToken, partition));
        }

        return ([], null);
    }
}
