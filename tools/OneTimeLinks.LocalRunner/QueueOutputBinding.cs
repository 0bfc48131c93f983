using System.Collections.Concurrent;
using Azure.Storage.Queues;
using System.Text.Json.Nodes;
using Google.Protobuf.Collections;
using OneTimeLinks.LocalRunner.Rpc;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// The host's storage-queue output binding (<c>[QueueOutput]</c> on a property or the return value): after a successful
/// invocation, each value the worker returned for a <c>queue</c> binding becomes one message (a collection, one message
/// per item), encoded as host.json's <c>extensions.queues.messageEncoding</c> says. The queue is created if missing.
/// </summary>
internal sealed class QueueOutputBinding(IConfiguration configuration, HostJson hostJson)
{
    private readonly ConcurrentDictionary<(string Connection, string Queue), Lazy<Task<QueueClient>>> _queues = new();

    public async Task WriteAsync(FunctionMetadata function, RepeatedField<ParameterBinding> outputs, TypedData? returnValue, CancellationToken cancellationToken)
    {
        foreach (var binding in function.Bindings.Where(b => string.Equals(FunctionMetadata.Get(b, "type"), "queue", StringComparison.OrdinalIgnoreCase)))
        {
            var name = FunctionMetadata.Get(binding, "name");
            var value = name == "$return" ? returnValue : outputs.FirstOrDefault(o => o.Name == name)?.Data;
            var messages = Messages(value).ToList();
            if (messages.Count == 0)
            {
                continue;
            }

            var queue = await GetQueueAsync(
                FunctionMetadata.ConnectionOf(binding),
                QueueName(function, binding),
                cancellationToken).ConfigureAwait(false);
            foreach (var message in messages)
            {
                await queue.SendMessageAsync(message, visibilityTimeout: null, timeToLive: null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static IEnumerable<BinaryData> Messages(TypedData? value) => value?.DataCase switch
    {
        TypedData.DataOneofCase.String => [BinaryData.FromString(value.String)],
        TypedData.DataOneofCase.Json => [BinaryData.FromString(value.Json)],
        TypedData.DataOneofCase.Bytes => [BinaryData.FromBytes(value.Bytes.ToByteArray())],
        TypedData.DataOneofCase.CollectionString => value.CollectionString.String.Select(BinaryData.FromString),
        TypedData.DataOneofCase.CollectionBytes => value.CollectionBytes.Bytes.Select(b => BinaryData.FromBytes(b.ToByteArray())),
        _ => [],
    };

    private string QueueName(FunctionMetadata function, JsonObject binding)
    {
        var declared = FunctionMetadata.Get(binding, "queueName")
            ?? throw new InvalidOperationException($"'{function.Name}': queue output '{FunctionMetadata.Get(binding, "name")}' has no queueName.");
        return FunctionMetadata.Resolve(declared, configuration)
            ?? throw new InvalidOperationException($"The setting '{declared.Trim('%')}' is not set.");
    }

    private Task<QueueClient> GetQueueAsync(string connection, string queueName, CancellationToken cancellationToken) =>
        _queues.GetOrAdd((connection, queueName), key => new Lazy<Task<QueueClient>>(async () =>
        {
            var options = new QueueClientOptions
            {
                MessageEncoding = string.Equals(hostJson.QueueMessageEncoding, "none", StringComparison.OrdinalIgnoreCase)
                    ? QueueMessageEncoding.None
                    : QueueMessageEncoding.Base64,
            };
            var client = new QueueClient(
                configuration[key.Connection] ?? throw new InvalidOperationException($"The connection setting '{key.Connection}' is not set."),
                key.Queue,
                options);
            await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return client;
        })).Value;
}
