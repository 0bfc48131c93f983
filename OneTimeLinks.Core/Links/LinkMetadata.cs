using System.Text;
using System.Text.Json;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Links;

/// <summary>
/// The CRM's own context on a link (<c>metadata</c>): string keys and values, stored with the link, copied onto its
/// bookings and carried unchanged in every event about them. Never shown to the invitee.
/// </summary>
internal static class LinkMetadata
{
    public const int MaxEntries = 20;
    public const int MaxKeyLength = 40;
    public const int MaxValueLength = 500;

    /// <summary>Keys plus values, UTF-8 bytes.</summary>
    public const int MaxTotalBytes = 4096;

    /// <summary>Checks the map as sent; null or empty stays null (no metadata).</summary>
    public static IReadOnlyDictionary<string, string>? Validate(IReadOnlyDictionary<string, string?>? metadata, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (metadata is null || metadata.Count == 0)
        {
            return null;
        }

        var before = errors.IsEmpty;
        if (metadata.Count > MaxEntries)
        {
            errors.Add("metadata", $"At most {MaxEntries} keys.");
        }

        var total = 0;
        var valid = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            if (!IsValidKey(key))
            {
                errors.Add("metadata", $"Key '{Shorten(key)}' must be 1 to {MaxKeyLength} letters, digits, '_', '-' or '.'.");
                continue;
            }

            if (value is null)
            {
                errors.Add($"metadata.{key}", "Must be a string.");
                continue;
            }

            if (value.Length > MaxValueLength)
            {
                errors.Add($"metadata.{key}", $"Must be at most {MaxValueLength} characters.");
                continue;
            }

            total += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
            valid[key] = value;
        }

        if (total > MaxTotalBytes)
        {
            errors.Add("metadata", $"Keys and values may hold at most {MaxTotalBytes} bytes (UTF-8) in total.");
        }

        return before && errors.IsEmpty ? valid : null;
    }

    public static bool IsValidKey(string key) =>
        key.Length is >= 1 and <= MaxKeyLength && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>The stored form: a JSON object, or null for none.</summary>
    public static string? ToJson(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is null || metadata.Count == 0 ? null : JsonSerializer.Serialize(metadata);

    public static IReadOnlyDictionary<string, string>? FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<SortedDictionary<string, string>>(json);

    private static string Shorten(string key) => key.Length <= MaxKeyLength ? key : key[..MaxKeyLength] + "…";
}
