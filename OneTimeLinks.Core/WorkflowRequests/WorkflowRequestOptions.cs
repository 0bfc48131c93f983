namespace OneTimeLinks.Core.WorkflowRequests;

/// <summary>
/// Where workflow link requests arrive. The queue name is the flat app setting <c>LinkRequestsQueueName</c> (the queue
/// trigger reads it as <c>%LinkRequestsQueueName%</c>, so it must be set wherever the app runs; infra and
/// local.settings.example.json set <c>link-requests</c>).
/// </summary>
public sealed class WorkflowRequestOptions
{
    public const string QueueNameSetting = "LinkRequestsQueueName";
    public const string DefaultQueueName = "link-requests";

    public string QueueName { get; set; } = DefaultQueueName;

    /// <summary>The queue the host moves failed messages to; bad messages go there too. The host's convention: it sets this.</summary>
    public string PoisonQueueName { get; set; } = "";

    /// <summary>Queue names are 3–63 lower-case letters, digits and single hyphens.</summary>
    internal static bool IsValidQueueName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')
        && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);
}
