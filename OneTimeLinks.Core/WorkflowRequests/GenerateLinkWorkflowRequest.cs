using System.Text.Json.Serialization;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Core.WorkflowRequests;

/// <summary>
/// A workflow's request for a link, as it arrives on the queue:
/// <c>{"type"?: "link.generate", "requestId", "calendarId", "expiresAt"?, "note"?, "maxUses"?, "contact"?, "metadata"?}</c>.
/// Everything after the two ids is the body of the HTTP generate call and follows its rules.
/// </summary>
internal sealed record GenerateLinkWorkflowRequest(
    string? RequestId,
    string? CalendarId,
    string? ExpiresAt,
    string? Note,
    int? MaxUses,
    LinkContactRequest? Contact,
    IReadOnlyDictionary<string, string?>? Metadata = null)
{
    public const string GenerateType = "link.generate";

    [JsonConverter(typeof(OneOrManyMinutesConverter))]
    public IReadOnlyList<int>? DurationMinutes { get; init; }

    public LinkWindowRequest? Window { get; init; }

    public string? Title { get; init; }

    public IReadOnlyList<string?>? Hidden { get; init; }

    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Prefill { get; init; }

    public GenerateLinkRequest ToGenerateRequest() =>
        new(ExpiresAt, Note, MaxUses, Contact) { Metadata = Metadata, DurationMinutes = DurationMinutes, Window = Window, Title = Title, Hidden = Hidden, Prefill = Prefill };
}
