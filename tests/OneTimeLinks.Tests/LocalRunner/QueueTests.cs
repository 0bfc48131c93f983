using System.Net;
using System.Text;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using OneTimeLinks.LocalRunner;
using OneTimeLinks.Tests.Infrastructure;

namespace OneTimeLinks.Tests.LocalRunner;

/// <summary>The queue trigger against a real Azurite: delete on success, retry after visibilityTimeout, poison after
/// maxDequeueCount, Base64 decoding, lease renewal, trigger metadata binding.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class QueueTests(AzuriteFixture azurite)
{
    private const string FastHostJson = """
        {
          "version": "2.0",
          "extensions": { "queues": { "maxDequeueCount": 3, "visibilityTimeout": "00:00:00", "maxPollingInterval": "00:00:00.200", "batchSize": 8 } }
        }
        """;

    private readonly string _queueName = "runner-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Success_InvokesWithTriggerMetadata_AndDeletesTheMessage()
    {
        await using var runner = await StartAsync(FastHostJson);
        var sent = await Queue().SendMessageAsync("hello");

        var invocation = await runner.Recorder.WaitForAsync<QueueInvocation>();

        Assert.Equal("hello", invocation.Message);
        Assert.Equal(1, invocation.DequeueCount);
        Assert.Equal(sent.Value.MessageId, invocation.Id);
        await WaitUntilAsync(async () => (await Queue().GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
    }

    [Fact]
    public async Task Failure_RetriesUntilMaxDequeueCount_ThenMovesTheMessageUnchangedToPoison()
    {
        await using var runner = await StartAsync(FastHostJson);
        await Queue().SendMessageAsync("fail me");

        await WaitUntilAsync(async () => (await Queue(poison: true).PeekMessagesAsync()).Value.Length == 1);

        var attempts = runner.Recorder.Invocations.OfType<QueueInvocation>().ToList();
        Assert.Equal([1L, 2L, 3L], attempts.Select(a => a.DequeueCount));
        Assert.All(attempts, a => Assert.Equal("fail me", a.Message));
        var poisoned = Assert.Single((await Queue(poison: true).PeekMessagesAsync()).Value);
        Assert.Equal("fail me", poisoned.Body.ToString());
        Assert.Equal(0, (await Queue().GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(_queueName + "-poison", runner.Services.GetRequiredService<QueueListener>().GetPoisonQueueName("Consume"));
    }

    [Fact]
    public async Task Failure_WaitsVisibilityTimeoutBeforeTheRetry()
    {
        const string HostJson = """
            { "version": "2.0", "extensions": { "queues": { "maxDequeueCount": 2, "visibilityTimeout": "00:00:02", "maxPollingInterval": "00:00:00.200" } } }
            """;
        await using var runner = await StartAsync(HostJson);
        await Queue().SendMessageAsync("fail slowly");

        await WaitUntilAsync(async () => (await Queue(poison: true).PeekMessagesAsync()).Value.Length == 1);

        var attempts = runner.Recorder.Invocations.OfType<QueueInvocation>().ToList();
        Assert.Equal(2, attempts.Count);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(1.5), $"retried after {attempts[1].At - attempts[0].At}");
    }

    [Fact]
    public async Task NotBase64_GoesToPoisonAsItArrived_WithoutAnInvocation()
    {
        await using var runner = await StartAsync(FastHostJson);
        await RawQueue().SendMessageAsync("%%% not base64 %%%");

        await WaitUntilAsync(async () => (await RawQueue(poison: true).PeekMessagesAsync()).Value.Length == 1);

        Assert.Equal("%%% not base64 %%%", (await RawQueue(poison: true).PeekMessagesAsync()).Value[0].Body.ToString());
        Assert.Empty(runner.Recorder.Invocations);
    }

    [Fact]
    public async Task LongRunningInvocation_KeepsItsLease()
    {
        await using var runner = await StartAsync(FastHostJson, lease: TimeSpan.FromSeconds(2));
        await Queue().SendMessageAsync("slow message");

        Assert.True(await runner.Recorder.Started.WaitAsync(TimeSpan.FromSeconds(30)));
        await Task.Delay(TimeSpan.FromSeconds(5)); // well past the 2 s lease, which the listener renews
        Assert.Single(runner.Recorder.Invocations);
        runner.Recorder.Release.Release();

        await WaitUntilAsync(async () => (await Queue().GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);
        Assert.Single(runner.Recorder.Invocations);
    }

    [Fact]
    public async Task AdminApi_InvokesAQueueFunctionWithTheGivenInput()
    {
        await using var runner = await StartAsync(FastHostJson);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/functions/Consume")
        {
            Content = new StringContent("""{ "input": "from the admin API" }""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(FunctionKeys.HeaderName, SampleRunner.MasterKey);

        using var response = await runner.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var invocation = await runner.Recorder.WaitForAsync<QueueInvocation>();
        Assert.Equal("from the admin API", invocation.Message);
        Assert.Equal(1, invocation.DequeueCount);
    }

    private Task<SampleRunner> StartAsync(string hostJson, TimeSpan? lease = null) =>
        SampleRunner.StartAsync(
            [typeof(SampleQueueFunctions)],
            hostJson,
            new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString, ["Sample:QueueName"] = _queueName },
            queueMessageLease: lease);

    /// <summary>How producers write for the Functions queue trigger: Base64.</summary>
    private QueueClient Queue(bool poison = false) => Client(poison, QueueMessageEncoding.Base64);

    private QueueClient RawQueue(bool poison = false) => Client(poison, QueueMessageEncoding.None);

    private QueueClient Client(bool poison, QueueMessageEncoding encoding)
    {
        var client = new QueueClient(azurite.ConnectionString, poison ? _queueName + "-poison" : _queueName, new QueueClientOptions { MessageEncoding = encoding });
        client.CreateIfNotExists();
        return client;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"The condition did not hold within {timeoutSeconds}s.");
            await Task.Delay(100);
        }
    }
}
