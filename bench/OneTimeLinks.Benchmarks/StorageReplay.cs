using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;

namespace OneTimeLinks.Benchmarks;

/// <summary>
/// An operation's storage work done again with the raw SDK: the requests <see cref="StorageCapture"/> kept, in their
/// rounds (a round's requests together, the rounds one after another). Reads and queries go to the app's own table
/// with the same keys, filter and continuation; writes go to a scratch table, with the same entities, as unconditional
/// upserts (an ETag-conditional write of the app is the same request to the store, and a replay must be repeatable);
/// a delete inside a transaction becomes a keys-only merge for the same reason, a delete alone deletes a missing row.
/// </summary>
internal sealed partial class StorageReplay(TableClient reads, TableClient writes, IReadOnlyList<CapturedRequest> requests)
{
    private readonly List<Func<Task>[]> _rounds = [.. requests.GroupBy(r => r.Round).OrderBy(g => g.Key).Select(g => g.Select(r => Prepare(reads, writes, r)).ToArray())];

    /// <summary>The rounds as the recorder names them: "read + read → query".</summary>
    public IReadOnlyList<string> Rounds { get; } =
        [.. requests.GroupBy(r => r.Round).OrderBy(g => g.Key).Select(g => string.Join(" + ", g.Select(r => r.Kind).Order(StringComparer.Ordinal)))];

    public async Task RunAsync()
    {
        foreach (var round in _rounds)
        {
            await Task.WhenAll(round.Select(request => request()));
        }
    }

    private static Func<Task> Prepare(TableClient reads, TableClient writes, CapturedRequest request)
    {
        var path = Uri.UnescapeDataString(request.Uri.AbsolutePath);
        var query = ParseQuery(request.Uri.Query);
        var keys = KeysPattern().Match(path);
        switch (request.Kind)
        {
            case "read":
                var select = query.TryGetValue("$select", out var fields) ? fields.Split(',') : null;
                var (pk, rk) = Keys(keys);
                return () => reads.GetEntityIfExistsAsync<TableEntity>(pk, rk, select);
            case "query":
                var filter = query.GetValueOrDefault("$filter");
                int? top = query.TryGetValue("$top", out var t) ? int.Parse(t, CultureInfo.InvariantCulture) : null;
                var querySelect = query.TryGetValue("$select", out var qs) ? qs.Split(',') : null;
                var continuation = query.TryGetValue("NextPartitionKey", out var npk) ? $"{npk} {query.GetValueOrDefault("NextRowKey")}" : null;
                return async () =>
                {
                    await foreach (var _ in reads.QueryAsync<TableEntity>(filter, top, querySelect).AsPages(continuation))
                    {
                        break;
                    }
                };
            case "batch":
                var actions = BatchActions(request.Body);
                return () => writes.SubmitTransactionAsync(actions);
            case "delete" or "delete outbox":
                var (dpk, drk) = Keys(keys);
                return () => writes.DeleteEntityAsync(dpk, drk);
            case "upsert":
                var entity = Entity(Encoding.UTF8.GetString(request.Body), keys.Success ? Keys(keys) : null);
                var mode = request.Method is "MERGE" or "PATCH" ? TableUpdateMode.Merge : TableUpdateMode.Replace;
                return () => writes.UpsertEntityAsync(entity, mode);
            default:
                throw new InvalidOperationException($"No replay for a '{request.Kind}' request.");
        }
    }

    /// <summary>The actions of an entity group transaction's multipart body: each part's method, keys and entity.</summary>
    private static List<TableTransactionAction> BatchActions(byte[] body)
    {
        var actions = new List<TableTransactionAction>();
        string? method = null;
        (string, string)? keys = null;
        foreach (var line in Encoding.UTF8.GetString(body).Split('\n').Select(l => l.TrimEnd('\r')))
        {
            var start = PartPattern().Match(line);
            if (start.Success)
            {
                method = start.Groups[1].Value;
                var match = KeysPattern().Match(Uri.UnescapeDataString(start.Groups[2].Value));
                keys = match.Success ? Keys(match) : null;
                if (method == "DELETE")
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(keys!.Value.Item1, keys.Value.Item2)));
                    method = null;
                }
            }
            else if (method is not null && line.StartsWith('{'))
            {
                var type = method is "MERGE" or "PATCH" ? TableTransactionActionType.UpsertMerge : TableTransactionActionType.UpsertReplace;
                actions.Add(new TableTransactionAction(type, Entity(line, keys)));
                method = null;
            }
        }

        return actions.Count > 0 ? actions : throw new InvalidOperationException("A transaction without actions.");
    }

    /// <summary>An entity from its OData JSON, typed by its <c>@odata.type</c> annotations.</summary>
    private static TableEntity Entity(string json, (string PartitionKey, string RowKey)? keys)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var entity = new TableEntity();
        foreach (var property in root.EnumerateObject().Where(p => !p.Name.Contains('@', StringComparison.Ordinal) && !p.Name.StartsWith("odata.", StringComparison.Ordinal)))
        {
            var type = root.TryGetProperty(property.Name + "@odata.type", out var annotation) ? annotation.GetString() : null;
            var value = property.Value;
            entity[property.Name] = type switch
            {
                "Edm.Int64" => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
                "Edm.DateTime" => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture),
                "Edm.Binary" => Convert.FromBase64String(value.GetString()!),
                "Edm.Guid" => Guid.Parse(value.GetString()!),
                _ => value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number => value.TryGetInt32(out var i) ? i : value.GetDouble(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => null,
                },
            };
        }

        if (keys is { } k)
        {
            entity.PartitionKey = k.PartitionKey;
            entity.RowKey = k.RowKey;
        }

        return entity;
    }

    private static (string PartitionKey, string RowKey) Keys(Match match) =>
        (match.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal), match.Groups[2].Value.Replace("''", "'", StringComparison.Ordinal));

    private static Dictionary<string, string> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : "");

    [GeneratedRegex(@"\(PartitionKey='((?:[^']|'')*)',\s*RowKey='((?:[^']|'')*)'\)")]
    private static partial Regex KeysPattern();

    [GeneratedRegex(@"^(POST|PUT|MERGE|PATCH|DELETE) (\S+) HTTP/1\.1$")]
    private static partial Regex PartPattern();
}
