namespace OneTimeLinks.Core.Health;

/// <summary>Whether the app's storage answers, within a bounded time.</summary>
public interface IHealthProbe
{
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default);
}
