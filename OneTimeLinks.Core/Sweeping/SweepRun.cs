namespace OneTimeLinks.Core.Sweeping;

/// <summary>One sweep run as its steps share it: the instant it runs at, its item budget, and what it has done.</summary>
internal sealed class SweepRun(DateTimeOffset now, int budget)
{
    public DateTimeOffset Now { get; } = now;

    public int Budget { get; } = budget;

    public int Items { get; set; }

    public bool BudgetSpent => Items >= Budget;

    public int Expired { get; set; }

    public int Purged { get; set; }

    public int Redelivered { get; set; }

    public int Declined { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>The calendar being visited still has due work (a failure, a live claim, a link that kept changing).</summary>
    public bool Incomplete { get; set; }
}
