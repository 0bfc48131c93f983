using OneTimeLinks.Core.WorkflowRequests;

namespace OneTimeLinks.Functions.WorkflowRequests;

/// <summary>
/// Workflows get links without HTTP: one JSON message per link on the storage queue named by the app setting
/// <c>LinkRequestsQueueName</c> (default <c>link-requests</c>), Base64-encoded as the trigger expects (docs/events.md).
/// Bound as bytes so the processor decodes them as strictly as HTTP does (an invalid UTF-8 byte is refused, not
/// replaced). Completing deletes the message; throwing leaves it to the host's retries and poison queue (host.json).
/// </summary>
public sealed class WorkflowRequestFunction(WorkflowRequestProcessor processor)
{
    [Function("ProcessWorkflowRequest")]
    public async Task RunAsync(
        [QueueTrigger("%LinkRequestsQueueName%", Connection = HostConventions.StorageConnectionSetting)] byte[] message,
        long dequeueCount,
        CancellationToken cancellationToken) =>
        await processor.ProcessAsync(message, dequeueCount, cancellationToken);
}
