using static OneTimeLinks.Tests.Webhooks.SubscriptionTestHelpers;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>
/// The SSRF table at creation (issue 22, "Security"): every receiver URL that reaches our own side is refused with a 422
/// on <c>url</c>, nothing is stored, and no connection is even attempted, with loopback http allowed or not.
/// </summary>
public sealed class SsrfCreationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>Refused whatever Webhooks:AllowLoopbackHttp says: none of these is a plain loopback address.</summary>
    private static readonly string[] NeverAllowed =
    [
        "http://169.254.169.254/latest/meta-data/", "https://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/hooks", "https://10.0.0.1/hooks",
        "http://[::ffff:127.0.0.1]/hooks", "https://[::ffff:127.0.0.1]/hooks",
        "http://[::ffff:10.0.0.1]/hooks", "https://[::ffff:10.0.0.1]/hooks",
        "https://[::ffff:a9fe:a9fe]/", "https://[fd00:ec2::254]/", "https://[64:ff9b::a9fe:a9fe]/", "https://[2002:a00:1::]/",
        "https://[fe80::1]/", "https://[fc00::1]/", "https://100.64.0.1/", "https://172.16.0.1/", "https://192.168.1.1/",
        "https://0.0.0.0/", "https://[::]/", "https://0xa9fea9fe/", "https://167772161/",
        "https://metadata.example.test/", "https://private.example.test/hooks", "https://rebind.example.test/hooks",
        "http://crm.example.test/hooks",
    ];

    /// <summary>Loopback in every plain form: refused unless loopback http is allowed for development.</summary>
    private static readonly string[] LoopbackOnly =
    [
        "http://127.0.0.1/hooks", "https://127.0.0.1/hooks", "http://[::1]/hooks", "https://[::1]/hooks",
        "http://loopback.example.test/hooks", "https://loopback.example.test/hooks",
        "http://2130706433/hooks", "https://2130706433/hooks", "http://0x7f.1/hooks", "https://127.1/hooks",
    ];

    public static TheoryData<string, bool> Refused()
    {
        var data = new TheoryData<string, bool>();
        foreach (var url in NeverAllowed)
        {
            data.Add(url, false);
            data.Add(url, true);
        }

        foreach (var url in LoopbackOnly)
        {
            data.Add(url, false);
        }

        return data;
    }

    public static TheoryData<string> LoopbackUrls() => new(LoopbackOnly);

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Create_ForbiddenReceiver_Is422OnUrl_StoresNothing_ConnectsNowhere(string url, bool allowLoopbackHttp)
    {
        await using var app = await StartAsync(azurite, allowLoopbackHttp);
        var rowsBefore = await app.RowsAsync();

        using var response = await app.CreateWebhookAsync(new { url });

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["url"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(rowsBefore, await app.RowsAsync());
        Assert.Empty(app.Outbound.Asked);
        Assert.Empty(app.Outbound.Refused);
    }

    [Theory]
    [MemberData(nameof(LoopbackUrls))]
    public async Task Create_LoopbackReceiverWithLoopbackHttpAllowed_Is201AndConnectsNowhere(string url)
    {
        await using var app = await StartAsync(azurite, allowLoopbackHttp: true);

        using var response = await app.CreateWebhookAsync(new { url });

        await response.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Empty(app.Outbound.Asked);
    }

    [Fact]
    public async Task Patch_UrlToAHostResolvingToLoopback_Is422AndKeepsTheOldUrl()
    {
        await using var app = await StartAsync(azurite);
        using var created = await app.CreateWebhookAsync(new { url = ReceiverUrl });
        var id = (await created.AssertJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();

        using var response = await app.PatchWebhookAsync(id, """{"url":"https://loopback.example.test/hooks"}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["url"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(ReceiverUrl, (await (await app.GetWebhookAsync(id)).AssertJsonAsync(HttpStatusCode.OK))["url"]!.GetValue<string>());
        Assert.Empty(app.Outbound.Asked);
    }
}
