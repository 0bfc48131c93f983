using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneTimeLinks.Core.Validation;

/// <summary>
/// How every JSON input is read, on HTTP and on the queue alike: web casing, unknown members ignored, and strict
/// types: a number sent as a string (<c>"maxUses": "3"</c>) is the wrong type, as is any other mismatch.
/// </summary>
public static class InputJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>
    /// The field a read failed at, as the errors name it ("$.contact.email" is "contact.email"; the root is ""). Only
    /// the path is reported: the parser's own message would leak its internals into answers, logs and poison queues.
    /// </summary>
    public static string FieldName(JsonException exception) =>
        string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "" : exception.Path.TrimStart('$', '.');
}
