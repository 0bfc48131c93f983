namespace OneTimeLinks.Core.Links;

/// <summary>The body of a generate call (HTTP or queue), as sent; <see cref="LinkRequestValidator"/> checks it.</summary>
public sealed record GenerateLinkRequest(string? ExpiresAt, string? Note, int? MaxUses, LinkContactRequest? Contact);

public sealed record LinkContactRequest(string? Id, string? Name, string? Email);

/// <summary>A generate request that passed validation.</summary>
public sealed record ValidGenerateLinkRequest(DateTimeOffset? ExpiresAt, string? Note, int MaxUses, LinkContact? Contact);
