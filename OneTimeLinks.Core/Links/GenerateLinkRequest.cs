namespace OneTimeLinks.Core.Links;

/// <summary>The body of a generate call (HTTP or queue), as sent; <see cref="GenerateLinkValidator"/> checks it.</summary>
public sealed record GenerateLinkRequest(string? ExpiresAt, string? Note, int? MaxUses, LinkContactRequest? Contact)
{
    /// <summary>The CRM's context (<see cref="LinkMetadata"/>); a JSON null value is refused.</summary>
    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }

    /// <summary>Appointment lengths this link offers, one number or a list; each among the calendar's durations.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(OneOrManyMinutesConverter))]
    public IReadOnlyList<int>? DurationMinutes { get; init; }

    /// <summary>Only slots inside this window are offered.</summary>
    public LinkWindowRequest? Window { get; init; }

    /// <summary>The appointment's name the invitee sees, instead of the calendar's.</summary>
    public string? Title { get; init; }

    /// <summary>Ids of the calendar's questions the invitee does not see (issue 23); their answer is their prefill.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string?>? Hidden { get; init; }

    /// <summary>Answers given in advance, per question id: a hidden question's answer, a visible one's starting value.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Prefill { get; init; }
}

public sealed record LinkContactRequest(string? Id, string? Name, string? Email);

/// <summary>A generate request that passed validation.</summary>
internal sealed record ValidGenerateLinkRequest(DateTimeOffset? ExpiresAt, string? Note, int MaxUses, LinkContact? Contact)
{
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public LinkOverrides Overrides { get; init; } = LinkOverrides.None;
}
