using System.Text.Encodings.Web;
using System.Text.Json;

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
}
