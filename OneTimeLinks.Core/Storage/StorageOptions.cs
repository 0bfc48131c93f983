namespace OneTimeLinks.Core.Storage;

/// <summary>
/// Configuration section <c>Storage</c>. Locally a connection string (Azurite); in Azure the service URIs with a managed
/// identity, following the Functions convention for identity-based connections.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public string? ConnectionString { get; set; }

    public Uri? TableServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty for the system identity or developer credentials.</summary>
    public string? ClientId { get; set; }

    public string TableName { get; set; } = "OneTimeLinks";
}
