using Azure.Storage.Queues;
using Google.Protobuf.Collections;
using Microsoft.Extensions.Configuration;
using OneTimeLinks.LocalRunner;
using OneTimeLinks.LocalRunner.Rpc;

namespace OneTimeLinks.Tests.LocalRunner;

/// <summary>The host's part of a <c>[QueueOutput]</c>: the worker returns the values, the host writes the messages.</summary>
public sealed class QueueOutputBindingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task WriteAsync_EveryQueueOutput_OneMessagePerValue_Base64AsHostJsonSays()
    {
        var queueName = "out-" + Guid.NewGuid().ToString("N")[..12];
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["OutQueue"] = queueName,
        }).Build();
        var function = FunctionsMetadata.Parse($$"""
            [{ "name": "Fan", "scriptFile": "x.dll", "entryPoint": "X.Run", "bindings": [
              { "name": "message", "direction": "In", "type": "queueTrigger", "queueName": "in" },
              { "name": "Next", "direction": "Out", "type": "queue", "queueName": "%OutQueue%" },
              { "name": "$return", "direction": "Out", "type": "queue", "queueName": "{{queueName}}" },
              { "name": "Ignored", "direction": "Out", "type": "blob", "path": "x/y" } ] }]
            """)[0];
        var outputs = new RepeatedField<ParameterBinding>
        {
            new ParameterBinding { Name = "Next", Data = new TypedData { CollectionString = new CollectionString { String = { "a", "b" } } } },
            new ParameterBinding { Name = "Ignored", Data = new TypedData { String = "not a queue" } },
        };
        var binding = new QueueOutputBinding(settings, new HostJson("host.json", "api", "base64"));

        await binding.WriteAsync(function, outputs, new TypedData { Json = """{"n":1}""" }, CancellationToken.None);

        var raw = new QueueClient(azurite.ConnectionString, queueName);
        var messages = (await raw.ReceiveMessagesAsync(maxMessages: 10)).Value.Select(m => m.Body.ToString()).Order().ToList();
        Assert.Equal(
            new[] { "a", "b", """{"n":1}""" }.Select(m => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(m))).Order(),
            messages);
    }

    [Fact]
    public async Task WriteAsync_NothingReturned_WritesNothingAndCreatesNoQueue()
    {
        var queueName = "out-" + Guid.NewGuid().ToString("N")[..12];
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString }).Build();
        var function = FunctionsMetadata.Parse($$"""
            [{ "name": "Quiet", "scriptFile": "x.dll", "entryPoint": "X.Run", "bindings": [
              { "name": "timer", "direction": "In", "type": "timerTrigger", "schedule": "0 0 0 1 1 *" },
              { "name": "Next", "direction": "Out", "type": "queue", "queueName": "{{queueName}}" } ] }]
            """)[0];

        await new QueueOutputBinding(settings, new HostJson("host.json", "api", "base64")).WriteAsync(function, [], null, CancellationToken.None);

        Assert.False(await new QueueClient(azurite.ConnectionString, queueName).ExistsAsync());
    }
}
