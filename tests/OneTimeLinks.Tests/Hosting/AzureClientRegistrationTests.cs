using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using OneTimeLinks.Functions.Hosting;
using OneTimeLinks.Core.Hosting;

namespace OneTimeLinks.Tests.Hosting;

/// <summary>
/// The two ways the app's configuration binds: connection strings for Azurite, service URIs with the managed identity
/// in Azure. Only clients are built; nothing here sends a request.
/// </summary>
public sealed class AzureClientRegistrationTests
{
    private const string Azurite =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;";

    private const string ClientId = "8f4c1a2e-0000-4000-8000-000000000001";

    [Fact]
    public void AddOneTimeLinksAzureClients_ConnectionStrings_BuildsAzuriteClientsWithoutServiceBus()
    {
        // Arrange
        using var services = Build(new() { ["AzureWebJobsStorage"] = Azurite });

        // Act
        var tables = services.GetRequiredService<TableServiceClient>();
        var queues = services.GetRequiredService<IAzureClientFactory<QueueServiceClient>>().CreateClient(AzureClientRegistration.Base64Queues);

        // Assert
        Assert.Equal("devstoreaccount1", tables.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), tables.Uri);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), queues.Uri);
        Assert.IsType<DefaultAzureCredential>(services.GetRequiredService<TokenCredential>());
    }

    [Fact]
    public async Task AddOneTimeLinksAzureClients_ServiceUrisWithClientId_BuildsOneManagedIdentityCredentialForEveryClient()
    {
        // Arrange
        await using var services = Build(new()
        {
            ["Storage:TableServiceUri"] = "https://stlinks.table.core.windows.net",
            ["Storage:QueueServiceUri"] = "https://stlinks.queue.core.windows.net",
            ["ServiceBus:FullyQualifiedNamespace"] = "sb-links.servicebus.windows.net",
            ["ManagedIdentity:ClientId"] = ClientId,
        });

        // Act
        var credential = services.GetRequiredService<TokenCredential>();
        var tables = services.GetRequiredService<TableServiceClient>();
        var queues = services.GetRequiredService<IAzureClientFactory<QueueServiceClient>>().CreateClient(AzureClientRegistration.RawQueues);
        var serviceBus = services.GetRequiredService<ServiceBusClient>();

        // Assert
        Assert.IsType<ManagedIdentityCredential>(credential);
        Assert.Same(credential, services.GetRequiredService<TokenCredential>());
        Assert.Equal(new Uri("https://stlinks.table.core.windows.net"), tables.Uri);
        Assert.Equal(new Uri("https://stlinks.queue.core.windows.net"), queues.Uri);
        Assert.Equal("sb-links.servicebus.windows.net", serviceBus.FullyQualifiedNamespace);
    }

    [Fact]
    public void AddOneTimeLinksAzureClients_ServiceUrisWithoutClientId_UsesDeveloperCredentials()
    {
        // Arrange
        using var services = Build(new() { ["Storage:TableServiceUri"] = "https://stlinks.table.core.windows.net" });

        // Act
        var credential = services.GetRequiredService<TokenCredential>();

        // Assert
        Assert.IsType<DefaultAzureCredential>(credential);
        Assert.Equal(new Uri("https://stlinks.table.core.windows.net"), services.GetRequiredService<TableServiceClient>().Uri);
    }

    [Fact]
    public void AddOneTimeLinksAzureClients_NoStorageConfigured_FailsNamingTheSettings()
    {
        // Arrange
        using var services = Build([]);

        // Act
        var ex = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<TableServiceClient>());

        // Assert
        Assert.Contains("Storage:TableServiceUri", ex.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOneTimeLinksCore(configuration).AddHostConventions(configuration);
        return services.BuildServiceProvider();
    }
}
