using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace OneTimeLinks.Tests.Faults;

/// <summary>
/// Test-only Azure.Core pipeline policy that makes every conditional write on one row lose its ETag race, on real
/// storage: once <see cref="Arm"/>ed, each write the app sends is preceded by a rival's merge of that row (no property
/// changed, a new ETag), so whatever version the app read is stale when its write arrives and storage answers 412.
/// Add it at <see cref="HttpPipelinePosition.PerCall"/>; the rival writes through its own client, not this pipeline.
/// </summary>
internal sealed class RivalWritePolicy : HttpPipelinePolicy
{
    private TableClient? _rival;
    private string _partitionKey = "";
    private string _rowKey = "";
    private int _rivalWrites;

    /// <summary>Rival writes made since the last <see cref="Arm"/>: one per write the app sent.</summary>
    public int RivalWrites => Volatile.Read(ref _rivalWrites);

    public void Arm(TableClient rival, string partitionKey, string rowKey)
    {
        _partitionKey = partitionKey;
        _rowKey = rowKey;
        Volatile.Write(ref _rivalWrites, 0);
        Volatile.Write(ref _rival, rival);
    }

    public void Disarm() => Volatile.Write(ref _rival, null);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Volatile.Read(ref _rival) is { } rival && message.Request.Method != RequestMethod.Get && message.Request.Method != RequestMethod.Head)
        {
            await rival.UpdateEntityAsync(new TableEntity(_partitionKey, _rowKey), ETag.All, TableUpdateMode.Merge);
            Interlocked.Increment(ref _rivalWrites);
        }

        await ProcessNextAsync(message, pipeline);
    }
}
