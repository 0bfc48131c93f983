using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneTimeLinks.Core.Links;

/// <summary>Reads <c>durationMinutes</c> as one number (<c>60</c>) or a list of them (<c>[30, 60]</c>).</summary>
internal sealed class OneOrManyMinutesConverter : JsonConverter<IReadOnlyList<int>>
{
    public override IReadOnlyList<int> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number
            ? [reader.GetInt32()]
            : JsonSerializer.Deserialize<List<int>>(ref reader, options) ?? [];

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<int> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        JsonSerializer.Serialize(writer, value, options);
    }
}
