using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Webhooks;

namespace OneTimeLinks.Tests.Webhooks;

public sealed class SubscriptionSecretsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 7, 0, 0, TimeSpan.Zero);

    private readonly WebhookSecrets _secrets = new(new EventPayloadProtector(
        Options.Create(new LinkOptions { UrlProtectionKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" })));

    [Fact]
    public void Create_Always_IsWhsecAndBase64Of32RandomBytes()
    {
        var first = WebhookSecrets.Create();
        var second = WebhookSecrets.Create();

        Assert.StartsWith("whsec_", first, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(first["whsec_".Length..]).Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Protect_Secret_IsCiphertextThatUnprotectsToIt()
    {
        var secret = WebhookSecrets.Create();

        var protectedSecret = _secrets.Protect(secret);

        Assert.DoesNotContain(secret["whsec_".Length..], protectedSecret, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", protectedSecret, StringComparison.Ordinal);
        Assert.Equal(secret, _secrets.Unprotect(protectedSecret));
    }

    [Fact]
    public void SigningSecrets_DuringOverlap_CurrentThenPrevious()
    {
        var (current, previous) = (WebhookSecrets.Create(), WebhookSecrets.Create());

        var secrets = _secrets.SigningSecrets(Stored(current, previous, Now.AddTicks(1)), Now);

        Assert.Equal([current, previous], secrets);
    }

    [Fact]
    public void SigningSecrets_OverlapEnded_CurrentOnly()
    {
        var (current, previous) = (WebhookSecrets.Create(), WebhookSecrets.Create());

        Assert.Equal([current], _secrets.SigningSecrets(Stored(current, previous, Now), Now));
        Assert.Equal([current], _secrets.SigningSecrets(Stored(current, null, null), Now));
    }

    private StoredWebhook Stored(string current, string? previous, DateTimeOffset? until) => new(
        new WebhookSubscription("wh_1", new Uri("https://crm.example.test/"), [], [], null, WebhookStatus.Enabled, Now, null, 0),
        _secrets.Protect(current),
        previous is null ? null : _secrets.Protect(previous),
        until,
        "W/\"1\"");
}
