using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using OneTimeLinks.Core.Webhooks;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>Our signature against the official StandardWebhooks package: it verifies ours, and signs as we do.</summary>
public sealed class SignatureTests
{
    private static readonly string Secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string Other = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private const string Body = """{"id":"e1","type":"OneTimeLinks.Link.Used","data":{"name":"Zoë"}}""";

    [Fact]
    public void Sign_OneSecret_OfficialPackageVerifiesAndSignsTheSame()
    {
        var now = DateTimeOffset.UtcNow;
        var signature = WebhookSignature.Sign("e1", now.ToUnixTimeSeconds(), Encoding.UTF8.GetBytes(Body), [Secret]);

        new StandardWebhook(Secret).Verify(Body, Headers("e1", now, signature));
        Assert.Equal(new StandardWebhook(Secret).Sign("e1", DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()), Body), signature);
    }

    [Fact]
    public void Sign_TwoSecrets_EitherVerifiesAndAThirdDoesNot()
    {
        var now = DateTimeOffset.UtcNow;
        var signature = WebhookSignature.Sign("e1", now.ToUnixTimeSeconds(), Encoding.UTF8.GetBytes(Body), [Secret, Other]);

        new StandardWebhook(Secret).Verify(Body, Headers("e1", now, signature));
        new StandardWebhook(Other).Verify(Body, Headers("e1", now, signature));
        var third = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(third).Verify(Body, Headers("e1", now, signature)));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(Secret).Verify(Body + " ", Headers("e1", now, signature)));
    }

    private static HeaderDictionary Headers(string id, DateTimeOffset at, string signature) => new()
    {
        ["webhook-id"] = id,
        ["webhook-timestamp"] = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["webhook-signature"] = signature,
    };
}
