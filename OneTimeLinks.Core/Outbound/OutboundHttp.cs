namespace OneTimeLinks.Core.Outbound;

internal static class OutboundHttp
{
    /// <summary>
    /// The named HttpClient for webhook deliveries: its handler connects through <see cref="IOutboundConnector"/> after
    /// checking every resolved address, follows no redirects, and times out.
    /// </summary>
    public const string WebhookClient = "OneTimeLinks.Webhooks";

    /// <summary>The named HttpClient for busy-feed fetches: the same handler, with the feeds' own setting and timeout.</summary>
    public const string FeedClient = "OneTimeLinks.BusyFeeds";
}
