using System.Text.Json;
using OneTimeLinks.Core.Events;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// An event as it waits on the webhook events queue: the outbox's form, its data encrypted (a generated event holds the
/// link URL with its raw token, which is never at rest in clear, on a queue either).
/// </summary>
internal sealed record WebhookEventMessage(
    string Id,
    string Type,
    string CalendarId,
    string LinkId,
    DateTimeOffset Time,
    string ProtectedData,
    string? TraceParent)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(LinkEvent linkEvent, EventPayloadProtector protector) => JsonSerializer.Serialize(
        new WebhookEventMessage(
            linkEvent.Id, linkEvent.Type, linkEvent.CalendarId, linkEvent.LinkId, linkEvent.Time, protector.Protect(linkEvent.DataJson),
            linkEvent.TraceParent ?? System.Diagnostics.Activity.Current?.Id),
        Json);

    /// <exception cref="JsonException">Not a message this app wrote.</exception>
    public static LinkEvent Read(string message, EventPayloadProtector protector)
    {
        var read = JsonSerializer.Deserialize<WebhookEventMessage>(message, Json) ?? throw new JsonException("Empty webhook event message.");
        return new LinkEvent(read.Id, read.Type, read.CalendarId, read.LinkId, read.Time, protector.Unprotect(read.ProtectedData))
        {
            TraceParent = read.TraceParent,
        };
    }
}

/// <summary>"Attempt this delivery now": names it only; the delivery row holds the rest (and whether it is still due).</summary>
internal sealed record WebhookAttemptMessage(string SubscriptionId, string DeliveryId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Write() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="JsonException">Not a message this app wrote.</exception>
    public static WebhookAttemptMessage Read(string message) =>
        JsonSerializer.Deserialize<WebhookAttemptMessage>(message, Json) ?? throw new JsonException("Empty webhook attempt message.");
}
