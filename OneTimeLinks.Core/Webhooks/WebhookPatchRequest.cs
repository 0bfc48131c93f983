using System.Text.Json.Serialization;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>
/// The body of <c>PATCH /api/webhooks/{id}</c>, a JSON merge patch (RFC 7396): only the fields present change, and
/// <c>null</c> removes one (a filter removed means every type or every calendar again). Each setter records that its
/// field was present, which a plain record cannot tell from a field left out.
/// </summary>
public sealed class WebhookPatchRequest
{
    public string? Url
    {
        get;
        set
        {
            field = value;
            HasUrl = true;
        }
    }

    public IReadOnlyList<string?>? EventTypes
    {
        get;
        set
        {
            field = value;
            HasEventTypes = true;
        }
    }

    public IReadOnlyList<string?>? CalendarIds
    {
        get;
        set
        {
            field = value;
            HasCalendarIds = true;
        }
    }

    public string? Description
    {
        get;
        set
        {
            field = value;
            HasDescription = true;
        }
    }

    /// <summary><c>enabled</c> or <c>disabled</c>.</summary>
    public string? Status
    {
        get;
        set
        {
            field = value;
            HasStatus = true;
        }
    }

    [JsonIgnore]
    public bool HasUrl { get; private set; }

    [JsonIgnore]
    public bool HasEventTypes { get; private set; }

    [JsonIgnore]
    public bool HasCalendarIds { get; private set; }

    [JsonIgnore]
    public bool HasDescription { get; private set; }

    [JsonIgnore]
    public bool HasStatus { get; private set; }
}
