using Azure.Data.Tables;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Core.Storage;

/// <summary>Batch generation: many links of one calendar in as few entity group transactions as the table allows.</summary>
internal sealed partial class TableLinkStore
{
    // A chunk whose request rows collide is re-read and resubmitted without the duplicates; a second collision means
    // a concurrent batch with the same ids, which the next round settles the same way.
    private const int MaxChunkAttempts = 4;

    public async Task<IReadOnlyList<LinkEvent?>?> CreateLinksAsync(
        string calendarId, IReadOnlyList<(Link Link, LinkEvent Generated)> links, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(links);
        var results = new LinkEvent?[links.Count];
        var chunks = Chunk(links);
        var outcomes = await Task.WhenAll(chunks.Select(chunk => WriteChunkAsync(calendarId, links, chunk, results, cancellationToken)));
        return outcomes.All(found => found) ? results : null;
    }

    /// <summary>Consecutive item indexes whose rows fit one transaction with the calendar check.</summary>
    private static List<List<int>> Chunk(IReadOnlyList<(Link Link, LinkEvent Generated)> links)
    {
        var chunks = new List<List<int>>();
        var current = new List<int>();

        // One action of every transaction is the calendar's existence check.
        var actions = 1;
        for (var i = 0; i < links.Count; i++)
        {
            var needed = ActionsFor(links[i].Link);
            if (actions + needed > TableLimits.MaxTransactionActions)
            {
                chunks.Add(current);
                current = [];
                actions = 1;
            }

            current.Add(i);
            actions += needed;
        }

        if (current.Count > 0)
        {
            chunks.Add(current);
        }

        return chunks;
    }

    private static int ActionsFor(Link link) => 2 + (link.RequestId is null ? 0 : 1) + (link.ExpiresAt is null ? 0 : 1);

    /// <summary>Writes one chunk; false when the calendar does not exist.</summary>
    private async Task<bool> WriteChunkAsync(
        string calendarId,
        IReadOnlyList<(Link Link, LinkEvent Generated)> links,
        List<int> chunk,
        LinkEvent?[] results,
        CancellationToken cancellationToken)
    {
        var pending = chunk;
        for (var attempt = 0; attempt < MaxChunkAttempts && pending.Count > 0; attempt++)
        {
            var partition = TableKeys.CalendarPartition(calendarId);
            var actions = new List<TableTransactionAction> { CalendarMustExist(partition) };
            foreach (var index in pending)
            {
                AddNewLink(actions, partition, links[index].Link, links[index].Generated);
            }

            try
            {
                await hints.SubmitTransactionAsync(actions, cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex == 0 && ex.Status == 404)
            {
                return false;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                // A retried batch: some request ids already produced links. Their request rows say which (one round of
                // point reads for the chunk); those items are answered from the stored event, the rest written again.
                var earlier = await Task.WhenAll(pending.Select(index => links[index].Link.RequestId is { } id
                    ? GetRequestEventAsync(calendarId, id, cancellationToken)
                    : Task.FromResult<LinkEvent?>(null)));
                var remaining = new List<int>();
                for (var i = 0; i < pending.Count; i++)
                {
                    if (earlier[i] is { } stored)
                    {
                        results[pending[i]] = stored;
                    }
                    else
                    {
                        remaining.Add(pending[i]);
                    }
                }

                if (remaining.Count == pending.Count)
                {
                    throw;
                }

                pending = remaining;
            }
        }

        return pending.Count == 0
            ? true
            : throw new InvalidOperationException($"A batch of links for calendar {calendarId} kept colliding with concurrent writes.");
    }
}
