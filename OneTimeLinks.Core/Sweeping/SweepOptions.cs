namespace OneTimeLinks.Core.Sweeping;

/// <summary>
/// Configuration section <c>Sweep</c>. The timer's schedule is the flat app setting <c>SweepSchedule</c> (default
/// <c>0 */5 * * * *</c>), read by the trigger itself as <c>%SweepSchedule%</c>; what the sweep does per run is here.
/// </summary>
public sealed class SweepOptions
{
    public const string SectionName = "Sweep";

    /// <summary>
    /// How old a pending outbox event must be before the sweep publishes it. A request publishes its own events right
    /// after its commit; this grace keeps the sweep from racing that publish (which would duplicate the event).
    /// </summary>
    public TimeSpan RedeliveryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a sweep's claim on an outbox event holds off other sweeps while it publishes. A claim that outlives its
    /// sweep (a crash mid-publish) simply expires and the next sweep publishes the event.
    /// </summary>
    public TimeSpan RedeliveryClaim { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Upper bound on the items (expiries, purges, redeliveries) one run acts on, so a backlog never pushes a run past
    /// the function timeout; the rest stays indexed and the next run continues.
    /// </summary>
    public int MaxItemsPerRun { get; set; } = 5000;

    /// <summary>
    /// Visit every calendar in the registry instead of only those the due index names: for data written before the due
    /// index existed (one run with this on gives every calendar its hints), or to rule the index out when diagnosing.
    /// </summary>
    public bool ScanAllCalendars { get; set; }
}
