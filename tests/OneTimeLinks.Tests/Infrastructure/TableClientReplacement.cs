using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Hosting;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>
/// Puts test policies (request recorders, rival writers, faults) on the pipeline of the app's own TableClient by
/// replacing it with one built the same way over the app's storage options and client defaults.
/// </summary>
internal static class TableClientReplacement
{
    /// <summary>
    /// The replacement client creates the table when first resolved. The app registers its TableClient with TryAdd
    /// after the test's service callback, so this one is resolved; RemoveAll keeps that true should the runner ever
    /// call back after the app's registration instead.
    /// </summary>
    public static void ReplaceTableClient(this IServiceCollection services, Action<TableClientOptions> configure)
    {
        services.RemoveAll<TableClient>();
        services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var options = new TableClientOptions();
            AzureClientRegistration.ApplyDefaults(options);
            configure(options);
            var client = new TableServiceClient(storage.ConnectionString, options);
            client.CreateTableIfNotExists(storage.TableName);
            return client.GetTableClient(storage.TableName);
        });
    }

    /// <summary>The same with one policy that sees each call once, before any retry.</summary>
    public static void ReplaceTableClient(this IServiceCollection services, HttpPipelinePolicy perCall) =>
        services.ReplaceTableClient(options => options.AddPolicy(perCall, HttpPipelinePosition.PerCall));
}
