using System.Text.Json;

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>A request body the shared helpers build (an anonymous object), with one field more.</summary>
internal static class JsonBody
{
    public static JsonObject With(object body, string name, JsonNode? value)
    {
        var json = JsonSerializer.SerializeToNode(body)!.AsObject();
        json[name] = value;
        return json;
    }
}
