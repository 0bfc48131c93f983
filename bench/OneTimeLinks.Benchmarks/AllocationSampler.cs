using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace OneTimeLinks.Benchmarks;

/// <summary>
/// The runtime's own allocation sampling, in this process: one <c>GCAllocationTick</c> event about every 100 KB
/// allocated, naming the type of the object that crossed the mark. Summed by type over many calls it says where the
/// bytes go (which a total cannot), without a profiler attached.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    // The GC keyword of the Microsoft-Windows-DotNETRuntime provider; AllocationTick is raised at Verbose level.
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _sampling;

    public void Start()
    {
        _bytesByType.Clear();
        _sampling = true;
    }

    /// <summary>Stops sampling; the types by sampled bytes, largest first.</summary>
    public IReadOnlyList<(string Type, long Bytes)> Stop()
    {
        _sampling = false;
        return [.. _bytesByType.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value))];
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_sampling || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var type = eventData.PayloadNames?.IndexOf("TypeName") is int t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames?.IndexOf("AllocationAmount64") is int a and >= 0 ? Convert.ToInt64(eventData.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 0;
        _bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
