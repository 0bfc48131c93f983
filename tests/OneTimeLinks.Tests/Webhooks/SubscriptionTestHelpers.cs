using System.Globalization;
using System.Text;
using OneTimeLinks.Core.Outbound;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>Starting an app for the subscription specifications, and the management calls they make.</summary>
internal static class SubscriptionTestHelpers
{
    /// <summary>A receiver name on a documentation address (TEST-NET-3): public to the policy, and nothing real answers there.</summary>
    public const string ReceiverHost = "crm.example.test";

    public const string ReceiverUrl = $"https://{ReceiverHost}/hooks/otl";

    /// <summary>The names every subscription test may use; anything else does not resolve (and no DNS query is sent).</summary>
    public static StaticHostResolver DefaultResolver() => StaticHostResolver.With(
    [
        (ReceiverHost, ["203.0.113.10"]),
        ("other.example.test", ["203.0.113.11", "2001:db8::11"]),
        ("rebind.example.test", ["203.0.113.12", "192.168.0.12"]),
        .. StaticHostResolver.ForbiddenNames,
    ]);

    /// <summary>Starts the app with its table created, so a test can snapshot the rows before its first request.</summary>
    public static async Task<TestApp> StartAsync(
        AzuriteFixture azurite, bool allowLoopbackHttp = false, int? maxSubscriptions = null, StaticHostResolver? resolver = null,
        Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?> { ["Webhooks:AllowLoopbackHttp"] = allowLoopbackHttp ? "true" : "false" };
        if (maxSubscriptions is { } max)
        {
            settings["Webhooks:MaxSubscriptions"] = max.ToString(CultureInfo.InvariantCulture);
        }

        var names = resolver ?? DefaultResolver();
        var app = await TestApp.StartAsync(azurite, settings, s =>
        {
            s.AddSingleton<IHostResolver>(names);
            services?.Invoke(s);
        });
        await app.Table.CreateIfNotExistsAsync();
        return app;
    }

    public static Task<HttpResponseMessage> CreateWebhookAsync(this TestApp app, object body) =>
        app.Management.PostAsync(new Uri("/api/webhooks", UriKind.Relative), JsonContent.Create(body));

    public static Task<HttpResponseMessage> CreateWebhookAsync(this TestApp app, string json) =>
        app.Management.PostAsync(new Uri("/api/webhooks", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> PatchWebhookAsync(this TestApp app, string id, string json) =>
        app.Management.PatchAsync(new Uri($"/api/webhooks/{id}", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/merge-patch+json"));

    public static Task<HttpResponseMessage> GetWebhookAsync(this TestApp app, string id) =>
        app.Management.GetAsync(new Uri($"/api/webhooks/{id}", UriKind.Relative));
}
