using System.Diagnostics;
using System.Text.Json;
using Azure.Messaging;
using Azure.Storage.Queues;

namespace OneTimeLinks.Tests.WorkflowRequests;

/// <summary>
/// The queues around the link-request function of one test app, as a workflow and an operator see them: the request
/// queue (Base64, as the trigger expects), its poison queue, and the local events queue (plain CloudEvents JSON).
/// </summary>
internal sealed class WorkflowRequestQueues
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly List<CloudEvent> _events = [];

    public WorkflowRequestQueues(TestApp app)
    {
        var base64 = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        Requests = new QueueClient(app.Azurite.ConnectionString, app.WorkflowRequestsQueueName, base64);
        Poison = new QueueClient(app.Azurite.ConnectionString, app.WorkflowRequestsQueueName + "-poison", base64);
        Events = new QueueClient(app.Azurite.ConnectionString, app.EventsQueueName);
    }

    public QueueClient Requests { get; }

    public QueueClient Poison { get; }

    public QueueClient Events { get; }

    public async Task SendAsync(string text)
    {
        await Requests.CreateIfNotExistsAsync();
        await Requests.SendMessageAsync(text);
    }

    public Task SendAsync(object message) => SendAsync(JsonSerializer.Serialize(message));

    /// <summary>Every event published so far (drained from the events queue and kept).</summary>
    public async Task<IReadOnlyList<CloudEvent>> DrainEventsAsync()
    {
        if (!(await Events.ExistsAsync()).Value)
        {
            return _events;
        }

        while (true)
        {
            var batch = (await Events.ReceiveMessagesAsync(32)).Value;
            if (batch.Length == 0)
            {
                return _events;
            }

            foreach (var message in batch)
            {
                _events.Add(CloudEvent.Parse(message.Body)!);
                await Events.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }

    /// <summary>Polls the events queue until <paramref name="done"/> holds for the events seen so far.</summary>
    public async Task<IReadOnlyList<CloudEvent>> WaitForEventsAsync(Func<IReadOnlyList<CloudEvent>, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var events = await DrainEventsAsync();
            if (done(events))
            {
                return events;
            }

            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"Waited {Timeout.TotalSeconds}s for {what}; saw {events.Count} event(s): {string.Join(", ", events.Select(e => e.Type))}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Polls the poison queue (peek only) until it holds at least <paramref name="count"/> messages.</summary>
    public async Task<IReadOnlyList<PoisonMessage>> WaitForPoisonAsync(int count)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var messages = (await Poison.ExistsAsync()).Value ? (await Poison.PeekMessagesAsync(32)).Value : [];
            if (messages.Length >= count)
            {
                return [.. messages.Select(m => new PoisonMessage(m.Body.ToString()))];
            }

            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"Waited {Timeout.TotalSeconds}s for {count} poison message(s); found {messages.Length}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Polls until the request queue holds no message, visible or not (every one completed).</summary>
    public async Task WaitUntilRequestsEmptyAsync()
    {
        var clock = Stopwatch.StartNew();
        while ((await Requests.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
        {
            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"The request queue still holds messages after {Timeout.TotalSeconds}s.");
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>A poison-queue message: the processor's wrapper, or (after the host's retries) the original as it was.</summary>
internal sealed record PoisonMessage(string Text)
{
    public JsonObject? Wrapper => JsonNode.Parse(Text) is JsonObject o && o.ContainsKey("reason") ? o : null;

    public string? Reason => Wrapper?["reason"]?.GetValue<string>();
}
