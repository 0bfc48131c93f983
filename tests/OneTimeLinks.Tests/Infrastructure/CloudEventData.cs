using Azure.Messaging;

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>An event the app sent, its data read as JSON.</summary>
internal static class CloudEventData
{
    public static JsonObject DataObject(this CloudEvent cloudEvent) => JsonNode.Parse(cloudEvent.Data!.ToString())!.AsObject();
}
