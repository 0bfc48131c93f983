using System.Text.RegularExpressions;
using Azure.Core;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Tests.Faults;

/// <summary>Which storage requests of an operation the harness counts, and faults the n-th of.</summary>
public enum StorageFaultTarget
{
    /// <summary>
    /// Every write in the order sent, in a minute an earlier write has already hinted: the operation's own writes
    /// (transaction, outbox delete, …) without a due hint in front of them.
    /// </summary>
    EachWrite,

    /// <summary>
    /// Each entity group transaction (<c>$batch</c>) only, in a fresh minute: the commit is faulted while its due hint is
    /// sent beside it and written.
    /// </summary>
    Transaction,

    /// <summary>
    /// Each due hint upsert (partition <c>due</c>) only, in a fresh minute: the hint is faulted while the commit beside
    /// it goes through.
    /// </summary>
    DueHint,
}

/// <summary>The one home of the targeting rule: which request a <see cref="StorageFaultTarget"/> counts.</summary>
internal static partial class StorageFaultTargets
{
    /// <summary>Whether the operation must act in a minute no earlier write has hinted, so that it writes its own hint.</summary>
    public static bool NeedsFreshMinute(this StorageFaultTarget target) => target != StorageFaultTarget.EachWrite;

    public static bool Counts(this StorageFaultTarget target, HttpMessage message) => target switch
    {
        StorageFaultTarget.EachWrite => message.Request.Method != RequestMethod.Get && message.Request.Method != RequestMethod.Head,
        StorageFaultTarget.Transaction => StorageRequestKinds.Of(message) == "batch",
        StorageFaultTarget.DueHint => DueHintRowKey(message) is not null,
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, null),
    };

    /// <summary>The row key of a due hint upsert (PUT on partition <c>due</c>), or null for any other request.</summary>
    public static string? DueHintRowKey(HttpMessage message)
    {
        if (message.Request.Method != RequestMethod.Put)
        {
            return null;
        }

        var match = EntityAddress().Match(Uri.UnescapeDataString(message.Request.Uri.Path));
        return match.Success && match.Groups["pk"].Value.Replace("''", "'", StringComparison.Ordinal) == TableKeys.DuePartition
            ? match.Groups["rk"].Value.Replace("''", "'", StringComparison.Ordinal)
            : null;
    }

    [GeneratedRegex(@"\(PartitionKey='(?<pk>(?:[^']|'')*)',\s*RowKey='(?<rk>(?:[^']|'')*)'\)$")]
    private static partial Regex EntityAddress();
}
