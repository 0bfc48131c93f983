using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;

namespace OneTimeLinks.Tests.Hosting;

/// <summary>
/// An HTTP function's answer travels once, as the HTTP response; the invocation's return value sent to the host over gRPC
/// stays empty, so the worker does not serialize the answer a second time.
/// </summary>
public sealed class HttpResultStaysInTheWorkerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Open_JsonAnswer_InvocationReturnsNoValueToTheHost()
    {
        // Arrange: the outermost middleware sees what the worker hands to the host after every other middleware ran.
        var returned = new ConcurrentQueue<(string Function, object? Value)>();
        await using var app = await TestApp.StartAsync(azurite, worker: w => w.UseMiddleware(async (context, next) =>
        {
            await next();
            returned.Enqueue((context.FunctionDefinition.Name, context.GetInvocationResult().Value));
        }));
        await app.CreateCalendarAsync(CalendarId);
        var url = await app.GenerateLinkUrlAsync();
        returned.Clear();

        // Act
        using var open = await app.OpenAsync(url);

        // Assert: the answer is whole, and nothing of it was returned to the host.
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.NotEmpty((await open.Content.ReadFromJsonAsync<JsonObject>())!["slots"]!.AsArray());
        // (Queue-triggered functions of the generated link's event may run meanwhile; only the open is of interest.)
        var (_, value) = Assert.Single(returned, r => r.Function == "OpenLink");
        Assert.Null(value);
    }
}
