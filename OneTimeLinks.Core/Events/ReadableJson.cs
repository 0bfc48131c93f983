using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneTimeLinks.Core.Events;

/// <summary>
/// JSON that people read as it is stored: events on a peeked local queue or in Service Bus Explorer, rejected workflow
/// messages in Storage Explorer. It escapes only what JSON requires ("+01:00", not "\u002B01:00"), which is safe
/// because none of it is ever embedded in HTML.
/// </summary>
internal static class ReadableJson
{
    public static JavaScriptEncoder Encoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static readonly JsonSerializerOptions Options = new() { Encoder = Encoder };

    /// <summary>Every event's <c>data</c>: camelCase, absent fields left out rather than written as null (docs/events.md).</summary>
    public static readonly JsonSerializerOptions EventData = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = Encoder,
    };
}
