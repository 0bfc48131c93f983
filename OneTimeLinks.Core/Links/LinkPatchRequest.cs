using System.Text.Json.Serialization;

namespace OneTimeLinks.Core.Links;

/// <summary>
/// The body of <c>PATCH /api/calendars/{calendarId}/links/{linkId}</c>, a JSON merge patch (RFC 7396): only the fields
/// present change, and <c>null</c> removes one (no note, or no expiry). Each setter records that its field was present,
/// which a plain record cannot tell from a field left out.
/// </summary>
public sealed class LinkPatchRequest
{
    public string? Note
    {
        get;
        set
        {
            field = value;
            HasNote = true;
        }
    }

    /// <summary>RFC 3339 with an offset; null for a link that never expires.</summary>
    public string? ExpiresAt
    {
        get;
        set
        {
            field = value;
            HasExpiresAt = true;
        }
    }

    [JsonIgnore]
    public bool HasNote { get; private set; }

    [JsonIgnore]
    public bool HasExpiresAt { get; private set; }
}
