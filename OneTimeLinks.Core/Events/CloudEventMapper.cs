using Azure.Messaging;

namespace OneTimeLinks.Core.Events;

/// <summary>Turns an outbox event into the CloudEvents 1.0 envelope every transport carries.</summary>
internal static class CloudEventMapper
{
    public static CloudEvent ToCloudEvent(LinkEvent linkEvent, string source) =>
        new(source, linkEvent.Type, BinaryData.FromString(linkEvent.DataJson), "application/json", CloudEventDataFormat.Json)
        {
            Id = linkEvent.Id,
            Time = linkEvent.Time,
            // The webhook events (test ping, disabled) belong to no calendar: no subject; their data names the subscription.
            Subject = linkEvent.CalendarId.Length == 0 ? null
                : linkEvent.LinkId.Length == 0 ? $"calendars/{linkEvent.CalendarId}"
                : $"calendars/{linkEvent.CalendarId}/links/{linkEvent.LinkId}",
        };

    /// <summary>The event in CloudEvents JSON structured mode (the body of a message).</summary>
    public static BinaryData ToStructuredJson(LinkEvent linkEvent, string source) =>
        BinaryData.FromObjectAsJson(ToCloudEvent(linkEvent, source), ReadableJson.Options);
}
