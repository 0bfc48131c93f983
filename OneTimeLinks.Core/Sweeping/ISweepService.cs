namespace OneTimeLinks.Core.Sweeping;

/// <summary>
/// One sweep run: expires due links, purges data past retention and redelivers events left in the outbox, visiting
/// only the calendars with work due.
/// </summary>
public interface ISweepService
{
    Task<SweepResult> SweepAsync(CancellationToken cancellationToken = default);
}
