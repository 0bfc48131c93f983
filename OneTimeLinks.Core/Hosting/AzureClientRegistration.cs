using Azure.Core;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Hosting;

/// <summary>
/// The app's Azure SDK clients, registered once through <c>AddAzureClients</c>: a connection string locally (Azurite),
/// the service URI with the shared managed-identity credential in Azure.
/// </summary>
internal static class AzureClientRegistration
{
    /// <summary>Queue client whose messages are sent as they are (the local events queue).</summary>
    public const string RawQueues = "raw";

    /// <summary>Queue client whose messages are Base64, as the queue trigger reads and writes them.</summary>
    public const string Base64Queues = "base64";

    private const string MissingStorage =
        "Configure Storage:TableServiceUri and Storage:QueueServiceUri (Azure) or Storage:ConnectionString (local).";

    public static IServiceCollection AddOneTimeLinksAzureClients(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AzureCredentialOptions>().Bind(configuration.GetSection(AzureCredentialOptions.SectionName));
        services.TryAddSingleton(sp => AzureCredentialFactory.Create(sp.GetRequiredService<IOptions<AzureCredentialOptions>>().Value));

        services.AddAzureClients(clients =>
        {
            clients.UseCredential(sp => sp.GetRequiredService<TokenCredential>());

            clients.ConfigureDefaults(ApplyDefaults);
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential, sp) =>
                {
                    var storage = Storage(sp);
                    return storage.TableServiceUri is { } uri
                        ? new TableServiceClient(uri, credential, options)
                        : new TableServiceClient(storage.ConnectionString ?? throw new InvalidOperationException(MissingStorage), options);
                })

                // Once per process, before its first request: a missing table is a deployment fact, not a per-request concern.
                .ConfigureOptions((options, sp) => options.AddPolicy(
                    new CreateTableOnFirstRequest(() => sp.GetRequiredService<TableServiceClient>().GetTableClient(Storage(sp).TableName)),
                    HttpPipelinePosition.PerCall));
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, credential, sp) => CreateQueueService(Storage(sp), options, credential))
                .WithName(RawQueues)
                .ConfigureOptions(o => o.MessageEncoding = QueueMessageEncoding.None);
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, credential, sp) => CreateQueueService(Storage(sp), options, credential))
                .WithName(Base64Queues)
                .ConfigureOptions(o => o.MessageEncoding = QueueMessageEncoding.Base64);
            clients.AddClient<ServiceBusClient, ServiceBusClientOptions>((options, credential, sp) =>
            {
                var events = sp.GetRequiredService<IOptions<EventOptions>>().Value;
                return !string.IsNullOrEmpty(events.ConnectionString)
                    ? new ServiceBusClient(events.ConnectionString, options)
                    : new ServiceBusClient(events.FullyQualifiedNamespace, credential, options);
            });
        });

        services.TryAddSingleton(sp => sp.GetRequiredService<TableServiceClient>().GetTableClient(Storage(sp).TableName));
        return services;
    }

    /// <summary>
    /// What every Azure SDK client of the app is configured with, whoever builds it (the tests and the benchmark build
    /// their own table client with recording policies, and must measure the same pipeline).
    /// </summary>
    /// <remarks>
    /// No HTTP request/response logs from the SDK's pipeline: <c>AddAzureClients</c> forwards the Azure SDK's event
    /// sources to ILogger at Verbose, so its logging policy would format every storage call's request and response
    /// headers into strings, and log expected 404/409/412 answers as warnings, whatever the log filters then drop.
    /// Every call is still a dependency span (tracing), with its status.
    /// </remarks>
    public static void ApplyDefaults(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Diagnostics.IsLoggingEnabled = false;
    }

    /// <summary>A queue of the app's storage account, with the message encoding named by <paramref name="encoding"/>.</summary>
    public static QueueClient GetQueue(this IServiceProvider services, string encoding, string queueName) =>
        services.GetRequiredService<IAzureClientFactory<QueueServiceClient>>().CreateClient(encoding).GetQueueClient(queueName);

    private static StorageOptions Storage(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>().Value;

    private static QueueServiceClient CreateQueueService(StorageOptions storage, QueueClientOptions options, TokenCredential credential) =>
        storage.QueueServiceUri is { } uri
            ? new QueueServiceClient(uri, credential, options)
            : new QueueServiceClient(storage.ConnectionString ?? throw new InvalidOperationException(MissingStorage), options);
}
