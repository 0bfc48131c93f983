using Azure.Core;
using Azure.Identity;

namespace OneTimeLinks.Core.Hosting;

/// <summary>The one credential every Azure client of the process shares.</summary>
internal static class AzureCredentialFactory
{
    /// <summary>
    /// Production: <see cref="ManagedIdentityCredential"/> for the user-assigned identity, which asks the platform's
    /// identity endpoint and nothing else. Local development against Azure: <see cref="DefaultAzureCredential"/>.
    /// </summary>
    public static TokenCredential Create(AzureCredentialOptions options) =>
        string.IsNullOrWhiteSpace(options.ClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
}
