namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>
/// The settings of the unchanged app run by the local runner over a shared Azurite: its own table and queues (named
/// after a suffix), timers that fire only when called, and the runner's keys. The tests' <c>TestApp</c> and the
/// benchmark's <c>BenchApp</c> (which links this file) both start from here, so a queue the app gains is named, and
/// deleted afterwards, in both.
/// </summary>
internal static class LocalAppSettings
{
    /// <summary>Base64 of 32 fixed bytes: the outbox's and the URLs' protection key, for tests and benchmarks only.</summary>
    public const string UrlProtectionKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    /// <summary>The Service Bus stand-in: the app sends its events there, and nothing of the app reads it.</summary>
    private const string EventsQueueSetting = "ServiceBus:LocalQueueName";

    /// <summary>The settings that name a queue the app listens on (and sends to).</summary>
    private static readonly string[] ListenedQueueSettings = ["LinkRequestsQueueName", "WebhookEventsQueueName", "WebhookAttemptsQueueName"];

    public static string TableName(string suffix) => "t" + suffix;

    public static Dictionary<string, string?> For(string connectionString, string suffix, string publicBaseUrl, string functionKey, string masterKey) => new()
    {
        ["AzureWebJobsStorage"] = connectionString,
        ["Storage:ConnectionString"] = connectionString,
        ["Storage:TableName"] = TableName(suffix),
        ["Links:PublicBaseUrl"] = publicBaseUrl,
        ["Links:UrlProtectionKey"] = UrlProtectionKey,
        [EventsQueueSetting] = $"link-events-{suffix}",
        ["LinkRequestsQueueName"] = $"link-requests-{suffix}",
        ["WebhookEventsQueueName"] = $"webhook-events-{suffix}",
        ["WebhookAttemptsQueueName"] = $"webhook-attempts-{suffix}",
        ["WebhookRetrySchedule"] = "0 0 0 1 1 *",
        ["SweepSchedule"] = "0 0 0 1 1 *",
        ["BusyFeedRefreshSchedule"] = "0 0 0 1 1 *",
        ["LocalRunner:FunctionKey"] = functionKey,
        ["LocalRunner:MasterKey"] = masterKey,
    };

    /// <summary>The queues <paramref name="settings"/> name (without their poison queues).</summary>
    public static string[] QueueNames(IReadOnlyDictionary<string, string?> settings) =>
        [.. ListenedQueueSettings.Prepend(EventsQueueSetting).Select(setting => settings.GetValueOrDefault(setting)).OfType<string>()];

    /// <summary>The queues of <paramref name="settings"/> that the app's queue triggers read.</summary>
    public static string[] ListenedQueueNames(IReadOnlyDictionary<string, string?> settings) =>
        [.. ListenedQueueSettings.Select(setting => settings.GetValueOrDefault(setting)).OfType<string>()];
}
