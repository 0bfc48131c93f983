using Azure;
using Azure.Storage.Queues;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// What the deployment does before the host runs (infra/modules/storage.bicep creates the request queue and its poison
/// queue): every queue trigger's queue and poison queue exist, so a producer can send to them on a fresh storage
/// (Azurite) before any message made the SDK create one. Named as the host names them: the trigger's queue with its
/// <c>%Setting%</c> resolved from the app settings, and the WebJobs SDK's <c>{queue}-poison</c>.
/// </summary>
internal sealed class DeploymentQueues(IReadOnlyList<FunctionMetadata> functions, IConfiguration configuration)
{
    /// <summary>The WebJobs SDK moves a message that failed <c>maxDequeueCount</c> times to this queue.</summary>
    public const string PoisonQueueSuffix = "-poison";

    /// <summary>Each queue trigger's connection setting and queue, then its poison queue.</summary>
    public IReadOnlyList<(string Connection, string Queue)> Queues() =>
    [
        .. functions.Where(f => f.TriggerType.Equals(FunctionMetadata.QueueTrigger, StringComparison.OrdinalIgnoreCase))
            .SelectMany(f =>
            {
                var queue = FunctionMetadata.Resolve(f.QueueName ?? "", configuration)
                    ?? throw new LocalRunnerStartupException($"Function '{f.Name}': the setting '{f.QueueName!.Trim('%')}' that names its queue is not set.");
                return new[] { (f.Connection, queue), (f.Connection, queue + PoisonQueueSuffix) };
            })
            .Distinct(),
    ];

    /// <exception cref="LocalRunnerStartupException">A queue cannot be created: storage unreachable or a setting missing.</exception>
    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        foreach (var (connection, queue) in Queues())
        {
            var connectionString = configuration[connection]
                ?? throw new LocalRunnerStartupException($"The connection setting '{connection}' is not set.");
            try
            {
                await new QueueClient(connectionString, queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RequestFailedException or AggregateException)
            {
                throw new LocalRunnerStartupException(
                    $"The queue '{queue}' could not be created with the connection '{connection}': {ex.Message} Is the storage emulator running? scripts/run-local.sh starts Azurite.",
                    ex);
            }
        }
    }
}
