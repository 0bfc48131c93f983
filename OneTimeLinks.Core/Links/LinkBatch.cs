using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Links;

/// <summary>The body of a batch generate call: <c>{"links": [...]}</c>, each item a generate body with its own requestId.</summary>
public sealed record GenerateLinkBatchRequest(
    [property: System.Text.Json.Serialization.JsonConverter(typeof(BatchItemsConverter))] IReadOnlyList<BatchLinkRequest?>? Links);

/// <summary>One item of a batch: the generate body plus the request id that makes retrying the batch safe.</summary>
public sealed record BatchLinkRequest(
    string? RequestId, string? ExpiresAt, string? Note, int? MaxUses, LinkContactRequest? Contact, IReadOnlyDictionary<string, string?>? Metadata)
{
    [System.Text.Json.Serialization.JsonConverter(typeof(OneOrManyMinutesConverter))]
    public IReadOnlyList<int>? DurationMinutes { get; init; }

    public LinkWindowRequest? Window { get; init; }

    public string? Title { get; init; }

    public IReadOnlyList<string?>? Hidden { get; init; }

    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Prefill { get; init; }

    /// <summary>Set when the item could not be read as a link body (<see cref="BatchItemsConverter"/>): it is answered
    /// with this error alone, and nothing else of it is used.</summary>
    internal BatchItemReadError? Unreadable { get; init; }

    public GenerateLinkRequest ToGenerateRequest() =>
        new(ExpiresAt, Note, MaxUses, Contact) { Metadata = Metadata, DurationMinutes = DurationMinutes, Window = Window, Title = Title, Hidden = Hidden, Prefill = Prefill };
}

/// <summary>The field of an item that had the wrong JSON type ("" when the item itself is not an object).</summary>
internal sealed record BatchItemReadError(string Field, string Message);

/// <summary>Per item, in order: a link (created now, or by an earlier try of the same request id) or its field errors.</summary>
public sealed record BatchLinkResult(string? RequestId, Link? Link, string? Url, FieldErrors? Errors);

public abstract record GenerateLinkBatchOutcome
{
    public sealed record Generated(IReadOnlyList<BatchLinkResult> Results) : GenerateLinkBatchOutcome;

    public sealed record CalendarNotFound : GenerateLinkBatchOutcome, ICalendarNotFoundOutcome;

    /// <summary>The batch as a whole is unusable (no list, too many items); no item was looked at.</summary>
    public sealed record Invalid(FieldErrors Errors) : GenerateLinkBatchOutcome, IInvalidOutcome;
}
