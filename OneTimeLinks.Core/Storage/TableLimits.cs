namespace OneTimeLinks.Core.Storage;

/// <summary>The Table service's limits the stores plan their requests around.</summary>
internal static class TableLimits
{
    /// <summary>The most actions one entity group transaction may hold (all in one partition).</summary>
    public const int MaxTransactionActions = 100;
}
