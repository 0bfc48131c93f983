namespace OneTimeLinks.Core.Hosting;

/// <summary>
/// Configuration section <c>ManagedIdentity</c>: which identity every Azure client of the app authenticates as.
/// </summary>
public sealed class AzureCredentialOptions
{
    public const string SectionName = "ManagedIdentity";

    /// <summary>
    /// Client id of the app's user-assigned managed identity (Azure). Empty: developer credentials
    /// (<c>DefaultAzureCredential</c>: Azure CLI, Visual Studio, environment), for local runs against real Azure services.
    /// </summary>
    public string? ClientId { get; set; }
}
