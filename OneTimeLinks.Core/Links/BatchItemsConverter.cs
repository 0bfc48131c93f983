using System.Text.Json;
using System.Text.Json.Serialization;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Links;

/// <summary>
/// Reads a batch's <c>links</c> one item at a time, so that an item of the wrong JSON type (<c>"maxUses": "3"</c>, a
/// string instead of an object) fails alone, answered in its place like any other invalid item, instead of failing the
/// whole body. The list itself must still be a JSON array of well-formed JSON.
/// </summary>
internal sealed class BatchItemsConverter : JsonConverter<IReadOnlyList<BatchLinkRequest?>>
{
    // The same words as the whole body's 400 uses for a field (Functions' Problems.MalformedJson).
    private const string WrongType = "Has a value of the wrong type or is not well-formed JSON.";

    public override IReadOnlyList<BatchLinkRequest?> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            // The serializer adds the path ("links"), which the 400 names.
            throw new JsonException();
        }

        var items = new List<BatchLinkRequest?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            using var item = JsonDocument.ParseValue(ref reader);
            items.Add(ReadItem(item.RootElement, options));
        }

        return items;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<BatchLinkRequest?> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        JsonSerializer.Serialize(writer, value, options);
    }

    private static BatchLinkRequest? ReadItem(JsonElement item, JsonSerializerOptions options)
    {
        switch (item.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Object:
                try
                {
                    // The same strict options as the body: a number in a string is the wrong type here too.
                    return item.Deserialize<BatchLinkRequest>(options);
                }
                catch (JsonException ex)
                {
                    return Unreadable(RequestIdOf(item, options), InputJson.FieldName(ex), WrongType);
                }

            default:
                return Unreadable(null, "", "Must be an object: a link body with its requestId.");
        }
    }

    private static BatchLinkRequest Unreadable(string? requestId, string field, string message) =>
        new(requestId, null, null, null, null, null) { Unreadable = new BatchItemReadError(field, message) };

    /// <summary>The item's request id when it is a string, read as the serializer would (the last one wins), so the
    /// answer can name the item the CRM sent.</summary>
    private static string? RequestIdOf(JsonElement item, JsonSerializerOptions options)
    {
        var comparison = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        string? requestId = null;
        foreach (var property in item.EnumerateObject())
        {
            if (string.Equals(property.Name, "requestId", comparison))
            {
                requestId = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            }
        }

        return requestId;
    }
}
