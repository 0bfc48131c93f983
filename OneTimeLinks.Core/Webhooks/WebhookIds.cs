using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Webhooks;

/// <summary>Subscription ids: <c>wh_</c> and the rest as <see cref="TimeOrderedIds"/> makes them (the list reads oldest first).</summary>
internal static class WebhookIds
{
    private static readonly TimeOrderedIds Ids = new("wh_");

    public static string New(DateTimeOffset createdAt) => Ids.New(createdAt);

    public static bool IsValid(string? id) => Ids.IsValid(id);
}
