using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OneTimeLinks.Core.Events;

/// <summary>
/// Publishes committed events after the caller has its answer: <see cref="DispatchAsync"/> hands the events to
/// <see cref="OutboxEventDispatcher"/> on the thread pool and returns at once. Nothing is lost by not waiting: the
/// events are already in the outbox (committed with their state change), a hint in the sweep's due index names the
/// calendar, and the sweep redelivers whatever a stopped process left behind (docs/design.md, "Events").
/// </summary>
internal sealed partial class BackgroundEventDispatcher(OutboxEventDispatcher inner, ILogger<BackgroundEventDispatcher> logger)
    : IBackgroundEventDispatcher, IAsyncDisposable
{
    // On shutdown, in-flight publishes get this long; whatever is left stays in the outbox for the sweep.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly CancellationTokenSource _stopping = new();

    public Task DispatchAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default)
    {
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Not the request's token: the request ends with the answer, the publish goes on after it.
        var task = Task.Run(() => PublishAsync(events), CancellationToken.None);
        _inFlight.TryAdd(task, 0);
        _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public async Task WhenIdleAsync()
    {
        while (!_inFlight.IsEmpty)
        {
            await Task.WhenAll(_inFlight.Keys);
        }
    }

    /// <summary>The container disposes this singleton when the host stops: in-flight publishes get a bounded drain.</summary>
    public async ValueTask DisposeAsync()
    {
        var idle = WhenIdleAsync();
        if (await Task.WhenAny(idle, Task.Delay(DrainTimeout)) != idle)
        {
            Log.DrainTimedOut(logger, _inFlight.Count);
            await _stopping.CancelAsync();
        }

        _stopping.Dispose();
    }

    private async Task PublishAsync(IReadOnlyList<LinkEvent> events)
    {
        try
        {
            await inner.DispatchAsync(events, _stopping.Token);
        }
        catch (Exception ex)
        {
            // The inner dispatcher already logs publish failures; this is cancellation at shutdown or a bug. Either way
            // the events stay in the outbox.
            Log.Abandoned(logger, events.Count, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Shutdown left {Count} publish(es) unfinished; their events stay in the outbox for the sweep.")]
        public static partial void DrainTimedOut(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "A background publish of {Count} event(s) was abandoned; they stay in the outbox for the sweep.")]
        public static partial void Abandoned(ILogger logger, int count, Exception exception);
    }
}
