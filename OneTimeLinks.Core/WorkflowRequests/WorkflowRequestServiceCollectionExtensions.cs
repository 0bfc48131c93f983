using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Hosting;

namespace OneTimeLinks.Core.WorkflowRequests;

internal static class WorkflowRequestServiceCollectionExtensions
{
    /// <summary>
    /// The link-request processor and its poison-queue client. The client follows the app's storage convention: a
    /// connection string locally (<c>Storage:ConnectionString</c>), the queue service
    /// URI with the managed identity in Azure (<c>Storage:QueueServiceUri</c>, <c>ManagedIdentity:ClientId</c>).
    /// </summary>
    public static IServiceCollection AddWorkflowRequests(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkflowRequestOptions>()
            .Configure(o =>
            {
                if (configuration[WorkflowRequestOptions.QueueNameSetting] is { Length: > 0 } name)
                {
                    o.QueueName = name;
                }
            })
            .Validate(o => WorkflowRequestOptions.IsValidQueueName(o.QueueName) && WorkflowRequestOptions.IsValidQueueName(o.PoisonQueueName),
                $"{WorkflowRequestOptions.QueueNameSetting} and its poison queue's name must be storage queue names (3-63 lower-case letters, digits, single hyphens).")
            .ValidateOnStart();

        // Base64, as the queue trigger reads and writes its queues (host.json extensions.queues.messageEncoding).
        services.TryAddSingleton(sp => new WorkflowRequestPoisonSender(sp.GetQueue(
            AzureClientRegistration.Base64Queues,
            sp.GetRequiredService<IOptions<WorkflowRequestOptions>>().Value.PoisonQueueName)));
        services.TryAddSingleton<WorkflowRequestProcessor>();
        return services;
    }
}
