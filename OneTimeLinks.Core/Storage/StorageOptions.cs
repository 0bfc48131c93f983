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

    public string TableName { get; set; } = "OneTimeLinks";
}
