using System.Net.Sockets;
using System.Text;
using OneTimeLinks.Core.Outbound;
using OneTimeLinks.Core.Webhooks;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>
/// The named webhook client as the app registers it, over the loopback-only connector: forbidden addresses are refused
/// before the connector is asked, the refusal is recognisable, redirects are not followed, and the timeout is the option's.
/// </summary>
public sealed class SsrfConnectionTests
{
    private readonly LoopbackOnlyConnector _connector = new();

    private HttpClient CreateClient(StaticHostResolver resolver, bool allowLoopbackHttp = false, TimeSpan? attemptTimeout = null)
    {
        var services = new ServiceCollection();
        services.AddOptions<WebhookOptions>().Configure(o =>
        {
            o.AllowLoopbackHttp = allowLoopbackHttp;
            o.AttemptTimeout = attemptTimeout ?? o.AttemptTimeout;
        });
        services.AddSingleton<IOutboundConnector>(_connector);
        services.AddSingleton<IHostResolver>(resolver);
        services.AddOutboundConnections();
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient(OutboundHttp.WebhookClient);
    }

    [Theory]
    [InlineData("https://10.0.0.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    [InlineData("https://[fd00:ec2::254]/")]
    [InlineData("https://2130706433/hook")]
    [InlineData("https://private.example.test/hook")]
    [InlineData("https://mixed.example.test/hook")]
    [InlineData("http://127.0.0.1:9/hook")]
    public async Task Send_ForbiddenAddress_RefusedBeforeAnyConnection(string url)
    {
        using var client = CreateClient(StaticHostResolver.With(
            ("private.example.test", ["192.168.0.10"]),
            ("mixed.example.test", ["203.0.113.7", "10.1.2.3"])));

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(new Uri(url), new StringContent("{}")));

        Assert.IsType<ForbiddenAddressException>(ex.InnerException);
        Assert.DoesNotContain("/hook", ex.ToString(), StringComparison.Ordinal);
        Assert.Empty(_connector.Asked);
    }

    [Fact]
    public async Task Send_PlainHttpToAPublicAddressWithLoopbackHttpAllowed_RefusedBeforeAnyConnection()
    {
        using var client = CreateClient(StaticHostResolver.With(("crm.example.test", ["203.0.113.7"])), allowLoopbackHttp: true);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("http://crm.example.test/hook")));

        Assert.IsType<ForbiddenAddressException>(ex.InnerException);
        Assert.Empty(_connector.Asked);
    }

    [Fact]
    public async Task Send_LoopbackReceiverThatRedirects_AnsweredWithTheRedirectNotFollowed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var receiver = AnswerOnceAsync(listener, "HTTP/1.1 302 Found\r\nLocation: http://10.0.0.1/admin\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var client = CreateClient(StaticHostResolver.With(("receiver.test", ["127.0.0.1"])), allowLoopbackHttp: true);

        using var response = await client.PostAsync(new Uri($"http://receiver.test:{port}/hook"), new StringContent("{}"));
        await receiver;

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, port)], _connector.Asked);
        Assert.Empty(_connector.Refused);
    }

    [Fact]
    public void CreateClient_Timeout_IsTheAttemptTimeout()
    {
        using var client = CreateClient(StaticHostResolver.With(), attemptTimeout: TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), client.Timeout);
    }

    private static async Task AnswerOnceAsync(TcpListener listener, string answer)
    {
        using var socket = await listener.AcceptSocketAsync();
        var buffer = new byte[8192];
        var received = new StringBuilder();
        while (!received.ToString().Contains("\r\n\r\n{}", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer);
            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        await socket.SendAsync(Encoding.ASCII.GetBytes(answer));
        socket.Shutdown(SocketShutdown.Both);
    }
}
