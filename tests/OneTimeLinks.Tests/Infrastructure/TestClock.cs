namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>The instant the tests' clocks are pinned to unless a test needs another one.</summary>
internal static class TestClock
{
    /// <summary>
    /// Monday 2026-12-07 07:00Z, 08:00 in Berlin: the default calendar's first slot (09:00) is an hour ahead and its
    /// windows lie ahead. Expected values across the suite are written against it (slot times, "exactly now" strings).
    /// </summary>
    public static readonly DateTimeOffset Pinned = new(2026, 12, 7, 7, 0, 0, TimeSpan.Zero);
}
