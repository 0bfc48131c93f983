namespace OneTimeLinks.Core.Panel;

/// <summary>
/// The panel's rate limit on generating: one session may generate at most <see cref="PanelGenerateLimit.PerMinute"/>
/// links in a UTC minute, so a leaked panel URL has a bounded cost.
/// </summary>
public interface IPanelGenerateLimit
{
    /// <summary>
    /// Counts one generate of the session in the current minute, or refuses (nothing written) when the minute's count
    /// is already reached. Take before generating: a slot taken is spent even when the generate is then refused.
    /// </summary>
    Task<PanelGenerateSlot> TryTakeAsync(PanelSession session, CancellationToken cancellationToken = default);
}

/// <summary>Whether a generate may go ahead; when not, how long until the next minute begins.</summary>
public sealed record PanelGenerateSlot(bool Taken, TimeSpan RetryAfter);
