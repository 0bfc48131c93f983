using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace OneTimeLinks.Core.Hosting;

/// <summary>
/// Creates the app's table before the first request the process sends it, so a fresh storage account (or a fresh
/// Azurite) needs no setup step and no thread blocks on it in the container's factory. It is a policy of the table
/// client's pipeline, the one point every store's requests pass, so no store can forget it. As
/// <see cref="Events.SelfCreatingQueue"/> does for queues: creating is idempotent, so concurrent first requests may all
/// do it; it is remembered only once it has succeeded, and a failed attempt fails that request, whose caller retries.
/// Every later request costs one flag read here and no round trip.
/// </summary>
/// <param name="table">The table to create; its client's requests pass this policy too, and its own create passes it untouched.</param>
internal sealed class CreateTableOnFirstRequest(Func<TableClient> table) : HttpPipelinePolicy
{
    private volatile bool _created;

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (!_created && !IsCreateTable(message))
        {
            await table().CreateIfNotExistsAsync(message.CancellationToken);
            _created = true;
        }

        await ProcessNextAsync(message, pipeline);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        // Only a caller of the SDK's synchronous methods gets here (the app's stores are asynchronous): it blocks anyway.
        if (!_created && !IsCreateTable(message))
        {
            table().CreateIfNotExists(message.CancellationToken);
            _created = true;
        }

        ProcessNext(message, pipeline);
    }

    /// <summary>The Table service's create request (POST …/Tables), which must not wait for itself.</summary>
    private static bool IsCreateTable(HttpMessage message) =>
        message.Request.Method == RequestMethod.Post
        && message.Request.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal);
}
