using System.Reflection;
using Azure;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Tests.WorkflowRequests;

/// <summary>
/// Transient storage failures are not the message's fault: the function throws, the host (here the local runner) makes
/// the message visible again after host.json's visibilityTimeout and poisons it only after maxDequeueCount attempts.
/// The timings are shortened through the host's own override settings (AzureFunctionsJobHost__extensions__queues__*).
/// </summary>
public sealed class WorkflowRequestRetryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string CalendarId = "dr-smith";

    [Fact]
    public async Task TransientStorageFailure_IsRetriedByTheHost_AndTheRetryCreatesTheLink()
    {
        var failures = new FailingCreates(remaining: 1);
        await using var app = await StartAsync(failures, maxDequeueCount: 5);
        var queues = new WorkflowRequestQueues(app);

        await queues.SendAsync(new { requestId = "wf-transient", calendarId = CalendarId });

        var generated = Assert.Single(await queues.WaitForEventsAsync(e => e.Count >= 1, "the retried request's event"));
        Assert.Equal("wf-transient", JsonNode.Parse(generated.Data!.ToString())!["requestId"]!.GetValue<string>());
        Assert.Equal(2, failures.Calls);
        await queues.WaitUntilRequestsEmptyAsync();
        Assert.Empty(await queues.WaitForPoisonAsync(0));
    }

    [Fact]
    public async Task StorageDownForEveryAttempt_TheHostMovesTheOriginalToThePoisonQueue()
    {
        var failures = new FailingCreates(remaining: int.MaxValue);
        await using var app = await StartAsync(failures, maxDequeueCount: 2);
        var queues = new WorkflowRequestQueues(app);
        const string Message = """{"requestId": "wf-down", "calendarId": "dr-smith"}""";

        await queues.SendAsync(Message);

        // The host's own poison move: the original message unchanged (no wrapper), after maxDequeueCount attempts.
        var poisoned = Assert.Single(await queues.WaitForPoisonAsync(1));
        Assert.Equal(Message, poisoned.Text);
        Assert.Null(poisoned.Wrapper);
        Assert.Equal(2, failures.Calls);
        Assert.Empty(await queues.DrainEventsAsync());
    }

    private async Task<TestApp> StartAsync(FailingCreates failures, int maxDequeueCount)
    {
        var app = await TestApp.StartAsync(
            azurite,
            settings: new Dictionary<string, string?>
            {
                ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00.200",
                ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = maxDequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            services: services => services.AddSingleton(sp =>
                FailingStoreProxy.Wrap(ActivatorUtilities.CreateInstance<TableLinkStore>(sp), failures)));
        await app.CreateCalendarAsync(CalendarId);
        return app;
    }

    /// <summary>How many link inserts fail with a storage error (a 503, as a throttled or unreachable account gives).</summary>
    internal sealed class FailingCreates(int remaining)
    {
        private int _remaining = remaining;
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void Hit()
        {
            Interlocked.Increment(ref _calls);
            if (Interlocked.Decrement(ref _remaining) >= 0)
            {
                throw new RequestFailedException(503, "The server is busy.", "ServerBusy", null);
            }
        }
    }

    /// <summary>The real store, except that CreateLinkAsync may fail first. A proxy, so it follows ILinkStore as it grows.</summary>
    public class FailingStoreProxy : DispatchProxy
    {
        private ILinkStore _inner = null!;
        private FailingCreates _failures = null!;

        internal static ILinkStore Wrap(ILinkStore inner, FailingCreates failures)
        {
            var proxy = Create<ILinkStore, FailingStoreProxy>();
            var self = (FailingStoreProxy)(object)proxy;
            self._inner = inner;
            self._failures = failures;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(ILinkStore.CreateLinkAsync))
            {
                try
                {
                    _failures.Hit();
                }
                catch (RequestFailedException ex)
                {
                    return Task.FromException<CreateLinkResult>(ex);
                }
            }

            return targetMethod.Invoke(_inner, BindingFlags.DoNotWrapExceptions, null, args, null);
        }
    }
}
