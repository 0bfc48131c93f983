using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OneTimeLinks.LocalRunner;
using OneTimeLinks.Tests.WorkflowRequests;
using OneTimeLinks.Tests.Sweeping;

namespace OneTimeLinks.Tests.Security;

/// <summary>
/// Security checks kept in the suite: every management route (found from the build's functions.metadata, so a new one cannot be
/// missed) refuses a missing, wrong or differently-cased key; the public routes answer an unknown and a malformed token
/// alike; and after a whole lifecycle no raw link or manage token is stored, queued or logged anywhere except the
/// published generated/used events' URLs.
/// </summary>
public sealed class SecurityScanTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly IReadOnlyList<(string Method, string Route)> ManagementRoutes =
    [
        .. FunctionsMetadata.Load(AppContext.BaseDirectory)
            .Where(f => f.IsHttp && f.AuthLevel != AuthorizationLevel.Anonymous)
            .SelectMany(f => f.Methods.Select(m => (m, "api/" + f.Route))),
    ];

    [Fact]
    public async Task EveryManagementRoute_MissingWrongOrDifferentlyCasedKey_Is401AndChangesNothing()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var linkId = (await app.GenerateLinkAsync(CalendarId))["linkId"]!.GetValue<string>();
        var rowsBefore = await app.RowsAsync();
        Assert.True(ManagementRoutes.Count >= 12, $"{ManagementRoutes.Count} management routes found");

        var keys = new (string Name, string? Header, string? Code)[]
        {
            ("missing", null, null),
            ("wrong", TestApp.FunctionKey + "x", null),
            ("upper-cased", TestApp.FunctionKey.ToUpperInvariant(), null),
            ("upper-cased code", null, TestApp.FunctionKey.ToUpperInvariant()),
            ("wrong master", TestApp.MasterKey[..^1], null),
        };
        foreach (var (method, template) in ManagementRoutes)
        {
            var path = "/" + template.Replace("{calendarId}", CalendarId, StringComparison.Ordinal).Replace("{linkId}", linkId, StringComparison.Ordinal);
            path = System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", "x1");
            foreach (var (name, header, code) in keys)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), code is null ? path : path + "?code=" + Uri.EscapeDataString(code));
                if (method is "POST" or "PUT")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                if (header is not null)
                {
                    request.Headers.Add("x-functions-key", header);
                }

                using var response = await app.Public.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with a {name} key: {(int)response.StatusCode}");
            }
        }

        Assert.Equal(rowsBefore, await app.RowsAsync());
    }

    [Fact]
    public async Task PublicRoutes_UnknownWrongSecretOtherCalendarAndMalformedTokens_AnswerAlike()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        await app.CreateCalendarAsync("other-cal");
        var url = await app.GenerateLinkUrlAsync();
        var token = url[(url.LastIndexOf('/') + 1)..];
        var parts = token.Split('.');
        var candidates = new[]
        {
            "garbage",
            "a.b",
            $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}",
            $"other-cal.{parts[1]}.{parts[2]}",
            $"nobody.{parts[1]}.{parts[2]}",
            $"{parts[0]}.{new string('0', parts[1].Length)}.{parts[2]}",
            token + "x",
        };

        var answers = new List<string>();
        foreach (var candidate in candidates)
        {
            foreach (var route in new[] { "/api/l/", "/api/m/" })
            {
                using var response = await app.OpenAsync("https://book.example.test" + route + Uri.EscapeDataString(candidate));
                var body = (await response.Content.ReadAsStringAsync()).Split(",\"traceId\"")[0];
                answers.Add($"{route} {(int)response.StatusCode} {response.Headers.CacheControl} {body}");
            }
        }

        Assert.True(answers.Distinct().Count() == 2, string.Join(Environment.NewLine, answers));
        Assert.All(answers, a => Assert.Contains(" 404 no-store ", a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WholeLifecycle_NoRawTokenInAnyTableQueueOrLogLine_ExceptThePublishedEventUrls()
    {
        var logs = new LogSink();
        await using var app = await StartWithCalendarAsync(azurite, services => services.AddSingleton<ILoggerProvider>(logs));
        var queues = new WorkflowRequestQueues(app);
        var secrets = new List<string>();

        // Generate, open, book (JSON and form), cancel, reschedule, revoke, a queued request, a bad message, a sweep.
        var urls = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            urls.Add(await app.GenerateLinkUrlAsync());
        }

        using (await app.OpenAsync(urls[0]))
        {
        }

        var manageUrls = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var booked = await app.BookJsonAsync(urls[i], MondaySlot(i), idempotencyKey: $"scan-key-{i}-0000");
            manageUrls.Add((await booked.AssertJsonAsync(HttpStatusCode.Created))["manageUrl"]!.GetValue<string>());
        }

        using (await app.Public.PostAsync(Infrastructure.Api.PathOf(manageUrls[0]) + "/cancel", JsonContent.Create(new { })))
        using (await app.Public.PostAsync(Infrastructure.Api.PathOf(manageUrls[1]) + "/reschedule", JsonContent.Create(new { start = BusyApiIso(MondaySlot(6)) })))
        using (await app.RevokeAsync(LinkIdOf(urls[2])))
        {
        }

        await queues.SendAsync(new { requestId = "scan-1", calendarId = CalendarId });
        await queues.SendAsync("not json at all " + urls[3]);
        var generated = await queues.WaitForEventsAsync(e => e.Any(x => x.Type == LinkEventTypes.Generated && x.DataObject()["requestId"]?.GetValue<string>() == "scan-1"), "the queued link's event");
        await queues.WaitForPoisonAsync(1);
        urls.Add(generated.Single(x => x.DataObject()["requestId"]?.GetValue<string>() == "scan-1").DataObject()["url"]!.GetValue<string>());
        await Events.OutboxRows.RedeliverAsync(app);

        foreach (var raw in urls.Concat(manageUrls))
        {
            var value = Uri.UnescapeDataString(raw[(raw.LastIndexOf('/') + 1)..]);
            secrets.Add(value);
            secrets.Add(value.Split('.')[^1]);
        }

        var leaks = new List<string>();

        // Tables: every property of every row.
        await foreach (var row in app.Table.QueryAsync<TableEntity>())
        {
            var text = string.Join(" ", row.Select(p => $"{p.Key}={p.Value}")) + " " + row.PartitionKey + " " + row.RowKey;
            leaks.AddRange(secrets.Where(s => text.Contains(s, StringComparison.Ordinal)).Select(s => $"table row {row.RowKey}"));
        }

        // Queues: the request queue and its poison queue hold no token (the bad message quoted one: it is the sender's
        // own text, kept in the poison queue for the operator; the scan skips exactly that message).
        var service = new QueueServiceClient(app.Azurite.ConnectionString);
        await foreach (var queue in service.GetQueuesAsync(prefix: null))
        {
            if (!queue.Name.EndsWith(app.Suffix, StringComparison.Ordinal) && !queue.Name.EndsWith(app.Suffix + "-poison", StringComparison.Ordinal))
            {
                continue;
            }

            var messages = (await service.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value;
            foreach (var message in messages)
            {
                var text = DecodeBoth(message.Body);
                if (text.Contains("not json at all", StringComparison.Ordinal))
                {
                    continue;
                }

                leaks.AddRange(secrets.Where(s => text.Contains(s, StringComparison.Ordinal)).Select(s => $"queue {queue.Name}"));
            }
        }

        // The published events (docs/events.md): a token only in a generated event's data.url (the link) and a used
        // event's data.manageUrl (the invitee's manage link); nowhere else in any event.
        foreach (var e in await queues.DrainEventsAsync())
        {
            var data = e.DataObject();
            var field = e.Type switch { LinkEventTypes.Generated => "url", LinkEventTypes.Used => "manageUrl", _ => null };
            var url = field is null ? null : data[field]?.GetValue<string>();
            if (field is not null)
            {
                data.Remove(field);
            }

            var text = e.Type + " " + e.Subject + " " + data.ToJsonString();
            leaks.AddRange(secrets.Where(s => text.Contains(s, StringComparison.Ordinal)).Select(s => $"event {e.Type}"));
            Assert.True(url is null || urls.Contains(url) || manageUrls.Contains(url), $"{e.Type} carries a URL that is not its link's: {url}");
        }

        // Logs: every captured line.
        Assert.NotEmpty(logs.Lines);
        foreach (var line in logs.Lines.Where(l => l is not null))
        {
            leaks.AddRange(secrets.Where(s => line.Contains(s, StringComparison.Ordinal)).Select(_ => "log: " + line));
        }

        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks.Distinct()));
    }

    private static string BusyApiIso(DateTimeOffset instant) => Availability.BusyApi.Iso(instant);

    private static string LinkIdOf(string url) => Uri.UnescapeDataString(url[(url.LastIndexOf('/') + 1)..]).Split('.')[1];

    private static string DecodeBoth(BinaryData body)
    {
        var text = body.ToString();
        try
        {
            return text + " " + Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            return text;
        }
    }
}
