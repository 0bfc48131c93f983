using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Core.WorkflowRequests;

/// <summary>
/// The link-request poison queue (<c>&lt;queue&gt;-poison</c>, the queue the Functions host moves failed messages to).
/// The processor puts messages there that can never succeed, at their first delivery, wrapped with the reason:
/// <c>{"reason", "detail", "errors"?, "rejectedAt", "dequeueCount", "message"}</c>. Base64, like the trigger's queue, so
/// a fixed message can be moved back unchanged.
/// </summary>
public sealed class WorkflowRequestPoisonSender(QueueClient queue)
{
    // An encoded queue message is at most 64 KiB; Base64 turns 3 bytes into 4.
    private const int MaxBodyBytes = 64 * 1024 / 4 * 3;
    private const int TruncatedMessageChars = 16 * 1024;

    private readonly SelfCreatingQueue _queue = new(queue);

    public string Name => _queue.Name;

    public Task SendAsync(WorkflowRequestRejection rejection, string? message, long dequeueCount, DateTimeOffset rejectedAt, CancellationToken cancellationToken) =>
        _queue.SendAsync(Wrap(rejection, message, dequeueCount, rejectedAt), cancellationToken);

    internal static string Wrap(WorkflowRequestRejection rejection, string? message, long dequeueCount, DateTimeOffset rejectedAt)
    {
        var body = Build(rejection, OriginalAsJson(message), dequeueCount, rejectedAt, truncated: false);
        if (Encoding.UTF8.GetByteCount(body) <= MaxBodyBytes)
        {
            return body;
        }

        var text = message ?? "";
        return Build(rejection, JsonValue.Create(text[..Math.Min(text.Length, TruncatedMessageChars)]), dequeueCount, rejectedAt, truncated: true);
    }

    private static string Build(WorkflowRequestRejection rejection, JsonNode? original, long dequeueCount, DateTimeOffset rejectedAt, bool truncated)
    {
        var wrapper = new JsonObject
        {
            ["reason"] = rejection.Reason,
            ["detail"] = rejection.Detail,
        };
        if (rejection.Errors is { IsEmpty: false } errors)
        {
            wrapper["errors"] = JsonSerializer.SerializeToNode(errors.ToDictionary());
        }

        wrapper["rejectedAt"] = rejectedAt;
        wrapper["dequeueCount"] = dequeueCount;
        if (truncated)
        {
            wrapper["truncated"] = true;
        }

        wrapper["message"] = original;
        return wrapper.ToJsonString(ReadableJson.Options);
    }

    /// <summary>A JSON message is embedded as JSON (readable, and re-sendable as it is); anything else as a string.</summary>
    private static JsonNode? OriginalAsJson(string? message)
    {
        if (message is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(message) ?? JsonValue.Create(message);
        }
        catch (JsonException)
        {
            return JsonValue.Create(message);
        }
    }
}
