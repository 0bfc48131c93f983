using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>One request the receiver got, and which of the secrets it holds verified it with the official package.</summary>
public sealed record ReceivedWebhook(
    int Ordinal,
    string Path,
    string? WebhookId,
    string? Timestamp,
    string? Signature,
    string? ContentType,
    string Body,
    IReadOnlyList<string> VerifiedWith,
    DateTimeOffset ReceivedAt);

/// <summary>
/// A real Kestrel receiver on 127.0.0.1 that verifies EVERY delivery with the official <c>StandardWebhooks</c> package
/// (a signature only our own code accepts proves nothing), then answers as the test's mode says.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private LoopbackServer _server = null!;
    private int _count;

    private WebhookReceiver()
    {
    }

    /// <summary>The secrets verification is tried with; a test sets them once the subscription has answered with its secret.</summary>
    public IReadOnlyList<string> Secrets { get; set; } = [];

    /// <summary>How to answer the n-th request (1-based); 200 by default.</summary>
    public Func<ReceivedWebhook, HttpContext, Task> Respond { get; set; } = (_, _) => Task.CompletedTask;

    public Uri Url => new(_server.BaseUrl, "/hook");

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>Requests to <c>/hook</c> (what subscriptions point at); a redirect target is another path.</summary>
    public IReadOnlyList<ReceivedWebhook> Deliveries => [.. _received.Where(r => r.Path == "/hook")];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        receiver._server = await LoopbackServer.StartAsync(receiver.HandleAsync);
        return receiver;
    }

    /// <summary>Waits until <paramref name="condition"/> holds for what was received, or fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition(Deliveries))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The receiver got {Deliveries.Count} deliveries, and the condition never held.");
            }

            await Task.Delay(50);
        }

        return Deliveries;
    }

    public Task<IReadOnlyList<ReceivedWebhook>> WaitForCountAsync(int count, TimeSpan? timeout = null) =>
        WaitForAsync(deliveries => deliveries.Count >= count, timeout);

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var verified = Secrets.Where(secret => Verifies(secret, body, context.Request.Headers)).ToList();
        var received = new ReceivedWebhook(
            Interlocked.Increment(ref _count),
            context.Request.Path.Value ?? "",
            context.Request.Headers["webhook-id"].FirstOrDefault(),
            context.Request.Headers["webhook-timestamp"].FirstOrDefault(),
            context.Request.Headers["webhook-signature"].FirstOrDefault(),
            context.Request.ContentType,
            body,
            verified,
            DateTimeOffset.UtcNow);
        _received.Enqueue(received);
        await Respond(received, context);
    }

    private static bool Verifies(string secret, string body, IHeaderDictionary headers)
    {
        try
        {
            new StandardWebhook(secret).Verify(body, headers);
            return true;
        }
        catch (WebhookVerificationException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
