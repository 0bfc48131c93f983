using OneTimeLinks.Core.Sweeping;

namespace OneTimeLinks.Functions.Sweeping;

/// <summary>
/// The timer sweep: expires due links, purges data past retention and redelivers stranded events (docs/design.md,
/// "Sweep"). Schedule: the app setting <c>SweepSchedule</c>, six-field NCRONTAB with seconds, default
/// <c>0 */5 * * * *</c>. Run now: in Azure the portal's Test/Run or <c>POST /admin/functions/Sweep</c> with the master
/// key and body <c>{}</c>; locally the runner serves the same admin route. Each run logs one summary line.
/// </summary>
public sealed class SweepFunction(ISweepService sweep)
{
    [Function("Sweep")]
    public async Task RunAsync([TimerTrigger("%SweepSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        await sweep.SweepAsync(cancellationToken);
}
