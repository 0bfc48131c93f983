using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Hosting;

/// <summary>
/// Builds the app's Azure clients one way everywhere: a connection string locally (Azurite), the service URI with a
/// managed identity in Azure, as the Functions convention for identity-based connections has it.
/// </summary>
internal static class AzureClients
{
    private const string MissingStorage =
        "Configure Storage:TableServiceUri and Storage:QueueServiceUri (Azure) or Storage:ConnectionString / AzureWebJobsStorage (local).";

    public static DefaultAzureCredential Credential(string? clientId) =>
        new(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrEmpty(clientId) ? null : clientId });

    public static TableClient CreateTableClient(StorageOptions options)
    {
        var client = options.TableServiceUri is { } uri
            ? new TableServiceClient(uri, Credential(options.ClientId))
            : new TableServiceClient(options.ConnectionString ?? throw new InvalidOperationException(MissingStorage));

        // Created once per process: a missing table is a deployment fact, not a per-request concern.
        client.CreateTableIfNotExists(options.TableName);
        return client.GetTableClient(options.TableName);
    }

    public static QueueClient CreateQueueClient(StorageOptions options, string queueName, QueueMessageEncoding encoding)
    {
        var queueOptions = new QueueClientOptions { MessageEncoding = encoding };
        return options.QueueServiceUri is { } uri
            ? new QueueServiceClient(uri, Credential(options.ClientId), queueOptions).GetQueueClient(queueName)
            : new QueueClient(options.ConnectionString ?? throw new InvalidOperationException(MissingStorage), queueName, queueOptions);
    }
}
