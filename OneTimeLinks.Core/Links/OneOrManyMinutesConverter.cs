using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneTimeLinks.Core.Links;

/// <summary>Reads <c>durationMinutes</c> as one number (<c>60</c>) or a list of them (<c>[30, 60]</c>).</summary>
internal sealed class OneOrManyMinutesConverter : JsonConverter<IReadOnlyList<int>>
{
    // Read here rather than by a nested JsonSerializer call: that call's errors would lose the field's path, and a
    // wrong type must name "durationMinutes". A JsonException without a message gets the path from the serializer.
    public override IReadOnlyList<int> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return [reader.GetInt32()];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException();
        }

        var minutes = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            minutes.Add(reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : throw new JsonException());
        }

        return minutes;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<int> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        JsonSerializer.Serialize(writer, value, options);
    }
}
