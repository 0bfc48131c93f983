using Azure.Core;

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>
/// Names a storage request by kind (batch, query, read, upsert, delete outbox, delete, create table, queue): what the
/// round-trip tests assert and the benchmark reports, so both count the same way.
/// </summary>
internal static class StorageRequestKinds
{
    public static string Of(HttpMessage message)
    {
        var path = Uri.UnescapeDataString(message.Request.Uri.Path);
        var query = Uri.UnescapeDataString(message.Request.Uri.Query);
        var method = message.Request.Method;
        return path.EndsWith("$batch", StringComparison.Ordinal) ? "batch"
            : method == RequestMethod.Delete && path.Contains("RowKey='outbox|", StringComparison.Ordinal) ? "delete outbox"
            : method == RequestMethod.Delete ? "delete"
            : method == RequestMethod.Get && query.Contains("$filter", StringComparison.Ordinal) ? "query"
            : method == RequestMethod.Get ? "read"
            : method == RequestMethod.Post && path.EndsWith("/Tables", StringComparison.Ordinal) ? "create table"
            : method == RequestMethod.Post ? "queue"
            : "upsert";
    }
}
