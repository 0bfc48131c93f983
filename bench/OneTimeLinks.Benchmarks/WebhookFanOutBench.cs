using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Webhooks;
using OneTimeLinks.Tests.Webhooks;

namespace OneTimeLinks.Benchmarks;

/// <summary>What the webhook row measured: the time until every delivery arrived, and the storage requests per delivery.</summary>
internal sealed record WebhookFanOutResult(
    int Events,
    int Receivers,
    int Delivered,
    int Duplicates,
    int Unverified,
    double GenerateSeconds,
    double DeliveredSeconds,
    IReadOnlyList<(double Fraction, double Seconds)> Milestones,
    IReadOnlyDictionary<string, int> WebhookRequests,
    int OtherRequests,
    bool TimedOut);

/// <summary>
/// (8) Events fanned out to three loopback receivers (Kestrel on 127.0.0.1, each verifying every signature with the
/// official StandardWebhooks package, as the tests' receiver does): the app runs as deployed for delivery (the retry
/// timer every 5 s, the host.json queue settings as the local runner applies them), with plain http to loopback allowed.
/// </summary>
internal static class WebhookFanOutBench
{
    private const int ReceiverCount = 3;
    private const int BatchSize = 500;

    public static async Task<WebhookFanOutResult> RunAsync(string connectionString, int events, TimeSpan timeout, Action<string> progress)
    {
        var receivers = new List<WebhookReceiver>();
        for (var i = 0; i < ReceiverCount; i++)
        {
            receivers.Add(await WebhookReceiver.StartAsync());
        }

        try
        {
            await using var app = await BenchApp.StartAsync(connectionString, settings: new Dictionary<string, string?>
            {
                ["Webhooks:AllowLoopbackHttp"] = "true",
                ["WebhookRetrySchedule"] = "*/5 * * * * *",
            }, classify: Classify);
            foreach (var receiver in receivers)
            {
                using var response = await app.Http.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url.ToString(), eventTypes = new[] { "OneTimeLinks.Link.Generated" } });
                response.EnsureSuccessStatusCode();
                receiver.Secrets = [JsonNode.Parse(await response.Content.ReadAsStringAsync())!["secret"]!.GetValue<string>()];
            }

            var queueNames = app.Services.GetRequiredService<IOptions<WebhookQueueOptions>>().Value;
            var eventsQueue = new QueueClient(connectionString, queueNames.EventsQueueName);
            var attemptsQueue = new QueueClient(connectionString, queueNames.AttemptsQueueName);
            await app.CreateCalendarAsync("wh");
            app.Recorder.Drain();
            var expected = events * ReceiverCount;
            var clock = Stopwatch.StartNew();
            for (var sent = 0; sent < events; sent += BatchSize)
            {
                await app.GenerateBatchAsync("wh", Math.Min(BatchSize, events - sent), $"wh{sent}");
            }

            var generated = clock.Elapsed.TotalSeconds;
            var milestones = new List<(double, double)>();
            var fractions = new Queue<double>([0.1, 0.5, 0.9, 1.0]);
            var lastReport = TimeSpan.Zero;
            int delivered;
            while (true)
            {
                delivered = receivers.Sum(r => r.Deliveries.Select(d => d.WebhookId).Distinct(StringComparer.Ordinal).Count());
                while (fractions.Count > 0 && delivered >= fractions.Peek() * expected)
                {
                    milestones.Add((fractions.Dequeue(), clock.Elapsed.TotalSeconds));
                }

                if (delivered >= expected || clock.Elapsed > timeout)
                {
                    break;
                }

                if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(10))
                {
                    lastReport = clock.Elapsed;
                    progress($"webhooks: {delivered} of {expected} delivered after {clock.Elapsed.TotalSeconds:F0} s; about {await BenchApp.QueueLengthAsync(eventsQueue)} events and {await BenchApp.QueueLengthAsync(attemptsQueue)} attempts queued");
                }

                await Task.Delay(50);
            }

            var elapsed = clock.Elapsed.TotalSeconds;
            var requests = app.Recorder.Drain();
            var all = receivers.SelectMany(r => r.Deliveries).ToList();
            return new WebhookFanOutResult(
                events,
                ReceiverCount,
                delivered,
                all.Count - receivers.Sum(r => r.Deliveries.Select(d => d.WebhookId).Distinct(StringComparer.Ordinal).Count()),
                all.Count(d => d.VerifiedWith.Count == 0),
                generated,
                elapsed,
                milestones,
                requests.Where(IsWebhook)
                    .GroupBy(r => r[WebhookPrefix.Length..]).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                requests.Count(r => !IsWebhook(r)),
                delivered < expected);
        }
        finally
        {
            foreach (var receiver in receivers)
            {
                await receiver.DisposeAsync();
            }
        }
    }

    /// <summary>What <see cref="Classify"/> puts before the kind of a request on a webhook partition.</summary>
    private const string WebhookPrefix = "webhook ";

    /// <summary>Whether <see cref="Classify"/> named this request one on a webhook partition.</summary>
    public static bool IsWebhook(string kind) => kind.StartsWith(WebhookPrefix, StringComparison.Ordinal);

    /// <summary>A request's kind, prefixed with <see cref="WebhookPrefix"/> when it touches a webhook partition (subscriptions, deliveries, their due hints).</summary>
    public static string Classify(HttpMessage message)
    {
        var kind = StorageRequestKinds.Of(message);
        var text = Uri.UnescapeDataString(message.Request.Uri.Path + message.Request.Uri.Query);
        if (kind == "batch" && message.Request.Content is { } content)
        {
            using var body = new MemoryStream();
            content.WriteTo(body, CancellationToken.None);
            text = Uri.UnescapeDataString(Encoding.UTF8.GetString(body.ToArray()));
        }

        // Keys in a URI ('wd|…', 'webhooks', a due hint's '…|wd|…') or in an inserted entity's JSON ("wd|…").
        var webhook = text.Contains("'wd|", StringComparison.Ordinal) || text.Contains("'webhooks'", StringComparison.Ordinal)
            || text.Contains("|wd|", StringComparison.Ordinal) || text.Contains("\"wd|", StringComparison.Ordinal)
            || text.Contains("\"webhooks\"", StringComparison.Ordinal);
        return webhook ? WebhookPrefix + kind : kind;
    }
}
