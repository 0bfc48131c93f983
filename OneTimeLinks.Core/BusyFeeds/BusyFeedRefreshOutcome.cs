namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>What one refresh of one feed did.</summary>
public enum BusyFeedRefreshOutcome
{
    /// <summary>304, or the same content as last imported: nothing was written.</summary>
    Unchanged,

    /// <summary>The feed's busy time in [now, horizon] is now exactly what the feed says.</summary>
    Imported,

    /// <summary>The fetch or the parse failed: the error is in the status, the last good busy time stays.</summary>
    Failed,

    /// <summary>The calendar or the feed no longer exists (or never did): nothing was fetched.</summary>
    Gone,

    /// <summary>Another writer kept winning; the next due refresh tries again.</summary>
    Contended,
}
