namespace OneTimeLinks.Core.Events;

/// <summary>
/// Configuration section <c>ServiceBus</c>. With a namespace (identity, in Azure) or a connection string, events go to
/// the topic; with neither (the local default), they go to a storage queue a developer can watch.
/// </summary>
public sealed class EventOptions
{
    public const string SectionName = "ServiceBus";

    public string? ConnectionString { get; set; }

    public string? FullyQualifiedNamespace { get; set; }

    public string TopicName { get; set; } = "onetimelinks-events";

    /// <summary>The storage queue that receives events when no Service Bus is configured.</summary>
    public string LocalQueueName { get; set; } = "link-events";

    /// <summary>The CloudEvents <c>source</c> attribute of every event.</summary>
    public string Source { get; set; } = "/onetimelinks";

    public bool UsesServiceBus => !string.IsNullOrEmpty(ConnectionString) || !string.IsNullOrEmpty(FullyQualifiedNamespace);
}
