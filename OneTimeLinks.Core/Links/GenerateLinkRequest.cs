namespace OneTimeLinks.Core.Links;

/// <summary>The body of a generate call (HTTP or queue), as sent; <see cref="LinkRequestValidator"/> checks it.</summary>
public sealed record GenerateLinkRequest(string? ExpiresAt, string? Note, int? MaxUses, LinkContactRequest? Contact)
{
    /// <summary>The CRM's context (<see cref="LinkMetadata"/>); a JSON null value is refused.</summary>
    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }
}

public sealed record LinkContactRequest(string? Id, string? Name, string? Email);

/// <summary>A generate request that passed validation.</summary>
public sealed record ValidGenerateLinkRequest(DateTimeOffset? ExpiresAt, string? Note, int MaxUses, LinkContact? Contact)
{
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
