using Azure;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneTimeLinks.Core.WorkflowRequests;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Tests.Availability;
using OneTimeLinks.Tests.Events;
using OneTimeLinks.Tests.WorkflowRequests;

namespace OneTimeLinks.Tests.Faults;

/// <summary>
/// A storage fault at every write of book, revoke, cancel, reschedule, busy-time writes (put, delete, window sync), a
/// queued generate and the sweep's expiry: 503,
/// 500, a timeout, and a lost response (the write committed, the caller saw a failure; the app's caller retries, or the
/// SDK retries the same request). Each fault hits, one per round, each request of a <see cref="StorageFaultTarget"/>:
/// every write in order, each transaction in a fresh minute (its due hint sent beside it and written), each due hint
/// in a fresh minute (the commit beside it going through). After the fault and the caller's retry (same
/// Idempotency-Key, same request id): the answer tells the truth, state is exactly one change, every due hint sent is
/// in the table, and after the sweep's redelivery every change has its event, duplicates only with the same id.
/// </summary>
public sealed partial class StorageFaultTests(AzuriteFixture azurite, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int MaxRetries = 3;
    private const int MaxWrites = 8;

    /// <summary>Every fault at every target: each write in order, each transaction, each due hint.</summary>
    public static TheoryData<StorageFault, StorageFaultTarget> Faults()
    {
        var rows = new TheoryData<StorageFault, StorageFaultTarget>();
        foreach (var fault in Enum.GetValues<StorageFault>())
        {
            foreach (var target in Enum.GetValues<StorageFaultTarget>())
            {
                rows.Add(fault, target);
            }
        }

        return rows;
    }

    /// <summary>
    /// One faulted operation: arranged on a fresh link (index k), acted and retried, then checked. <paramref name="SendsHint"/>
    /// false: the operation commits nothing that comes due (a deletion), so it must send no due hint at all.
    /// </summary>
    private sealed record Case(
        Func<TestApp, int, Task<Arranged>> Arrange,
        Func<TestApp, Arranged, Task<(int Status, JsonObject? Body)>> Act,
        Func<TestApp, Arranged, IReadOnlyList<(int Status, JsonObject? Body)>, Task> Verify,
        bool SendsHint = true);

    private sealed record Arranged(string LinkId, string Url, string? ManageUrl = null, string Key = "");

    [Theory]
    [MemberData(nameof(Faults))]
    public Task Book_FaultAtEachWrite_RetryWithTheSameKeyConvergesToOneBooking(StorageFault fault, StorageFaultTarget target) => RunAsync(fault, target, new Case(
        async (app, k) => await LinkAsync(app, k),
        async (app, a) => await SendAsync(app.BookJsonAsync(a.Url, MondaySlot(Index(a)), idempotencyKey: a.Key)),
        async (app, a, answers) =>
        {
            var final = answers[^1];
            Assert.Equal(201, final.Status);
            var bookingId = final.Body!["bookingId"]!.GetValue<string>();
            Assert.All(answers.Where(x => x.Status == 201), x => Assert.Equal(bookingId, x.Body!["bookingId"]!.GetValue<string>()));
            var link = await LinkDetailsAsync(app, a.LinkId);
            Assert.Equal("used", link["status"]!.GetValue<string>());
            Assert.Equal(1, link["uses"]!.GetValue<int>());
            Assert.Equal(bookingId, Assert.Single(link["bookings"]!.AsArray())!["bookingId"]!.GetValue<string>());
            Assert.Single(await app.AgendaClaimsAsync(), c => c.Start == MondaySlot(Index(a)));
        }));

    /// <summary>Without a key nothing can replay a first answer; but an answer the SDK retried inside one call must still be the truth.</summary>
    [Fact]
    public Task Book_WithoutKeyLostResponseRetriedBySdk_AnswersTheBookingItMade() => RunAsync(StorageFault.LostResponseRetriedBySdk, StorageFaultTarget.Transaction, new Case(
        async (app, k) => await LinkAsync(app, k),
        async (app, a) => await SendAsync(app.BookJsonAsync(a.Url, MondaySlot(Index(a)))),
        async (app, a, answers) =>
        {
            var final = Assert.Single(answers);
            Assert.Equal(201, final.Status);
            var link = await LinkDetailsAsync(app, a.LinkId);
            Assert.Equal(final.Body!["bookingId"]!.GetValue<string>(), Assert.Single(link["bookings"]!.AsArray())!["bookingId"]!.GetValue<string>());
        }));

    [Theory]
    [MemberData(nameof(Faults))]
    public Task Revoke_FaultAtEachWrite_RetryEndsRevoked(StorageFault fault, StorageFaultTarget target) => RunAsync(fault, target, new Case(
        async (app, k) => await LinkAsync(app, k),
        async (app, a) => await SendAsync(app.RevokeAsync(a.LinkId)),
        async (app, a, answers) =>
        {
            Assert.Equal(200, answers[^1].Status);
            Assert.Equal("revoked", (await LinkDetailsAsync(app, a.LinkId))["status"]!.GetValue<string>());
        }));

    [Theory]
    [MemberData(nameof(Faults))]
    public Task Cancel_FaultAtEachWrite_RetryWithTheSameKeyEndsCanceledAndFreesTheTime(StorageFault fault, StorageFaultTarget target) => RunAsync(fault, target, new Case(
        async (app, k) => await BookedAsync(app, k),
        async (app, a) => await SendAsync(ManagePostAsync(app, a, "cancel", null)),
        async (app, a, answers) =>
        {
            Assert.Equal(200, answers[^1].Status);
            Assert.Equal("canceled", answers[^1].Body!["status"]!.GetValue<string>());
            Assert.DoesNotContain(await app.AgendaClaimsAsync(), c => c.Start == MondaySlot(Index(a)));
        }));

    [Theory]
    [MemberData(nameof(Faults))]
    public Task Reschedule_FaultAtEachWrite_RetryWithTheSameKeyHoldsOnlyTheNewTime(StorageFault fault, StorageFaultTarget target) => RunAsync(fault, target, new Case(
        async (app, k) => await BookedAsync(app, k),
        async (app, a) => await SendAsync(ManagePostAsync(app, a, "reschedule", new { start = BusyApi.Iso(MondaySlot(Index(a) + 8)) })),
        async (app, a, answers) =>
        {
            Assert.Equal(200, answers[^1].Status);
            Assert.Equal(MondaySlot(Index(a) + 8), Instant(answers[^1].Body!["start"]));
            var claims = await app.AgendaClaimsAsync();
            Assert.DoesNotContain(claims, c => c.Start == MondaySlot(Index(a)));
            Assert.Single(claims, c => c.Start == MondaySlot(Index(a) + 8));
        }));

    [Theory]
    [MemberData(nameof(Faults))]
    public Task BusyPut_FaultAtEachWrite_RetryLeavesExactlyTheInterval(StorageFault fault, StorageFaultTarget target) => RunAsync(fault, target, new Case(
        async (app, k) => await LinkAsync(app, k),
        async (app, a) => await SendAsync(app.PutBusyAsync("busy-" + a.LinkId, MondaySlot(Index(a)), MondaySlot(Index(a) + 1))),
        async (app, a, answers) =>
        {
            Assert.Contains(answers[^1].Status, new[] { 200, 201 });
            using var list = await app.ListBusyAsync(MondaySlot(0).AddHours(-1), MondaySlot(0).AddDays(1));
            var intervals = (await list.AssertJsonAsync(HttpStatusCode.OK))["intervals"]!.AsArray();
            Assert.Single(intervals, i => i!["id"]!.GetValue<string>() == "busy-" + a.LinkId);
            Assert.Single(await app.AgendaClaimsAsync(), c => c.Start == MondaySlot(Index(a)));
        }));

    [Theory]
    [MemberData(nameof(Faults))]
    public Task BusyDelete_FaultAtEachWrite_RetryLeavesTheIntervalGoneAndItsTimeFree(StorageFault fault, StorageFaultTarget target) => RunAsync(fault, target, new Case(
        async (app, k) =>
        {
            var a = await LinkAsync(app, k);
            using var put = await app.PutBusyAsync("gone-" + a.LinkId, MondaySlot(k), MondaySlot(k + 1));
            await put.AssertJsonAsync(HttpStatusCode.Created);
            return a;
        },
        async (app, a) => await SendAsync(app.DeleteBusyAsync("gone-" + a.LinkId)),
        async (app, a, answers) =>
        {
            Assert.Equal(204, answers[^1].Status);
            using var list = await app.ListBusyAsync(MondaySlot(0).AddHours(-1), MondaySlot(0).AddDays(1));
            var intervals = (await list.AssertJsonAsync(HttpStatusCode.OK))["intervals"]!.AsArray();
            Assert.DoesNotContain(intervals, i => i!["id"]!.GetValue<string>() == "gone-" + a.LinkId);
            Assert.DoesNotContain(await app.AgendaClaimsAsync(), c => c.Start == MondaySlot(Index(a)));
        },
        SendsHint: false));

    [Theory]
    [MemberData(nameof(Faults))]
    public Task BusySync_FaultAtEachWrite_RetryLeavesExactlyTheWindowsIntervals(StorageFault fault, StorageFaultTarget target) => RunAsync(fault, target, new Case(
        async (app, k) => await LinkAsync(app, k),
        async (app, a) =>
        {
            // Three intervals in this round's own half-hour window, one day per round so rounds never share a window.
            var from = MondaySlot(0).AddDays(Index(a));
            var intervals = Enumerable.Range(0, 3).Select(i => new
            {
                id = $"sync-{Index(a)}-{i}",
                start = BusyApi.Iso(from.AddMinutes(10 * i)),
                end = BusyApi.Iso(from.AddMinutes(10 * i + 5)),
            });
            return await SendAsync(app.SyncBusyAsync(from, from.AddMinutes(30), new { intervals }));
        },
        async (app, a, answers) =>
        {
            Assert.Equal(200, answers[^1].Status);
            var from = MondaySlot(0).AddDays(Index(a));
            using var list = await app.ListBusyAsync(from, from.AddMinutes(30));
            var ids = (await list.AssertJsonAsync(HttpStatusCode.OK))["intervals"]!.AsArray().Select(i => i!["id"]!.GetValue<string>());
            Assert.Equal([$"sync-{Index(a)}-0", $"sync-{Index(a)}-1", $"sync-{Index(a)}-2"], ids);
            Assert.Equal(3, (await app.AgendaClaimsAsync()).Count(c => c.Start >= from && c.Start < from.AddMinutes(30)));
        }));

    [Theory]
    [MemberData(nameof(Faults))]
    public Task QueuedGenerate_FaultAtEachWrite_HostRetryCreatesOneLink(StorageFault fault, StorageFaultTarget target) => RunAsync(fault, target, new Case(
        (app, k) => Task.FromResult(new Arranged("", "", Key: $"request-{k}")),
        async (app, a) =>
        {
            var message = $$"""{"requestId": "{{a.Key}}", "calendarId": "{{CalendarId}}"}""";
            try
            {
                var result = await app.Services.GetRequiredService<WorkflowRequestProcessor>().ProcessAsync(message);
                return (200, new JsonObject { ["result"] = result.ToString() });
            }
            catch (RequestFailedException)
            {
                return (500, null);
            }
        },
        async (app, a, answers) =>
        {
            Assert.Contains(answers[^1].Body!["result"]!.GetValue<string>(), new[] { "Created", "Duplicate" });
            var links = 0;
            await foreach (var row in app.Table.QueryAsync<TableEntity>(e => e.RowKey.CompareTo("link|") >= 0 && e.RowKey.CompareTo("link}") < 0))
            {
                links += row.GetString("RequestId") == a.Key ? 1 : 0;
            }

            Assert.Equal(1, links);
        }));

    [Theory]
    [MemberData(nameof(Faults))]
    public Task SweepExpiry_FaultAtEachWrite_TheNextRunExpiresTheLinkOnce(StorageFault fault, StorageFaultTarget target) => RunAsync(fault, target, new Case(
        async (app, k) =>
        {
            var link = await app.GenerateLinkAsync(CalendarId, new { expiresAt = BusyApi.Iso(app.Time.GetUtcNow().AddMinutes(1)) });
            app.Time.Advance(TimeSpan.FromMinutes(2));
            return new Arranged(link["linkId"]!.GetValue<string>(), link["url"]!.GetValue<string>(), Key: $"sweep-{k}");
        },
        async (app, a) =>
        {
            // The timer's retry is its next run: a run that threw, or left the link unexpired, has not done the work.
            try
            {
                await app.Services.GetRequiredService<Core.Sweeping.ISweepService>().SweepAsync();
            }
            catch (RequestFailedException)
            {
                return (500, null);
            }

            var status = (await LinkDetailsAsync(app, a.LinkId))["status"]!.GetValue<string>();
            return (status == "expired" ? 200 : 503, null);
        },
        async (app, a, answers) => Assert.Equal("expired", (await LinkDetailsAsync(app, a.LinkId))["status"]!.GetValue<string>())));

    private static int Index(Arranged a) => int.Parse(a.Key.Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// For k = 1, 2, …: arrange, fault the k-th request <paramref name="target"/> counts, retry, verify; until an
    /// operation sends fewer than k of them (the last round then ran without a fault and is verified too). What is sent
    /// varies between runs (a due hint is written once a minute), so the count is found by running, not assumed. Every
    /// round also proves that each due hint the operation sent, faulted or not, is in the table when it is done: a hint
    /// lost beside a commit that stands is a sweep visit lost.
    /// </summary>
    private async Task RunAsync(StorageFault fault, StorageFaultTarget target, Case operation)
    {
        var perCall = new StorageFaultPolicy(HttpPipelinePosition.PerCall);
        var perRetry = new StorageFaultPolicy(HttpPipelinePosition.PerRetry);
        await using var app = await StartAsync(perCall, perRetry);
        var policy = fault == StorageFault.LostResponseRetriedBySdk ? perRetry : perCall;

        var faulted = 0;
        for (var k = 1; k <= MaxWrites; k++)
        {
            var arranged = await operation.Arrange(app, k);
            if (target.NeedsFreshMinute())
            {
                // Past the minute every earlier write hinted, and past DueHints' memo of it: the operation sends its own hint.
                app.Time.Advance(DueHints.Bucket);
            }

            policy.Arm(target, k, fault);
            var answers = new List<(int Status, JsonObject? Body)> { await operation.Act(app, arranged) };
            policy.Disarm();
            var injected = policy.Injected == 1;
            for (var retry = 0; retry < MaxRetries && answers[^1].Status >= 500; retry++)
            {
                answers.Add(await operation.Act(app, arranged));
            }

            Assert.True(answers[^1].Status < 500, $"{target} {k} ({fault}): still {answers[^1].Status} after {MaxRetries} retries");
            output.WriteLine($"{fault} at {target} {k}: {(injected ? "injected" : "no such request")}; answers {string.Join(", ", answers.Select(a => a.Status))}; hints sent {policy.HintsSent.Count}");
            await operation.Verify(app, arranged, answers);
            await AssertHintsWrittenAsync(app, policy.HintsSent);
            if (!injected)
            {
                break;
            }

            faulted++;
        }

        // Every target the operation sends was faulted at least once; a hint only where something comes due.
        var sends = target != StorageFaultTarget.DueHint || operation.SendsHint;
        Assert.InRange(faulted, sends ? 1 : 0, sends ? MaxWrites - 1 : 0);
        await AssertEventsReconcileAsync(app);
    }

    private static async Task AssertHintsWrittenAsync(TestApp app, IReadOnlyList<string> sent)
    {
        foreach (var rowKey in sent.Distinct(StringComparer.Ordinal))
        {
            var row = await app.Table.GetEntityIfExistsAsync<TableEntity>(TableKeys.DuePartition, rowKey);
            Assert.True(row.HasValue, $"the due hint {rowKey} was sent but is not in the table: the sweep would not visit");
        }
    }

    /// <summary>After a redelivery sweep: nothing pending, and every event id carries one type and one link.</summary>
    private static async Task AssertEventsReconcileAsync(TestApp app)
    {
        await OutboxRows.RedeliverAsync(app);
        Assert.Empty(await OutboxRows.ReadAsync(app, CalendarId));
        var events = await new WorkflowRequestQueues(app).DrainEventsAsync();
        foreach (var sameId in events.GroupBy(e => e.Id))
        {
            Assert.Single(sameId.Select(e => (e.Type, e.Subject)).Distinct());
        }

        // Every committed change has its event: one generated per link row, one revoked per revoked link, one expired per expired link.
        var linkRows = new List<TableEntity>();
        await foreach (var row in app.Table.QueryAsync<TableEntity>(e => e.RowKey.CompareTo("link|") >= 0 && e.RowKey.CompareTo("link}") < 0))
        {
            linkRows.Add(row);
        }

        var ids = events.GroupBy(e => e.Type).ToDictionary(g => g.Key, g => g.Select(e => e.Id).Distinct().Count());
        Assert.Equal(linkRows.Count, ids.GetValueOrDefault(LinkEventTypes.Generated));
        Assert.Equal(linkRows.Count(r => r.GetString("Status") == "revoked"), ids.GetValueOrDefault(LinkEventTypes.Revoked));
        Assert.Equal(linkRows.Count(r => r.GetString("Status") == "expired"), ids.GetValueOrDefault(LinkEventTypes.Expired));

        // One used per booking made, one canceled per canceled booking: a committed booking change never lacks its event.
        var bookingRows = new List<TableEntity>();
        await foreach (var row in app.Table.QueryAsync<TableEntity>(e => e.RowKey.CompareTo("booking|") >= 0 && e.RowKey.CompareTo("booking}") < 0))
        {
            bookingRows.Add(row);
        }

        Assert.Equal(bookingRows.Count, ids.GetValueOrDefault(LinkEventTypes.Used));
        Assert.Equal(bookingRows.Count(r => r.GetString("Status") == "canceled"), ids.GetValueOrDefault(LinkEventTypes.BookingCanceled));
    }

    private async Task<TestApp> StartAsync(StorageFaultPolicy perCall, StorageFaultPolicy perRetry)
    {
        var app = await TestApp.StartAsync(azurite, services: services =>
        {
            services.ReplaceTableClient(options =>
            {
                options.AddPolicy(perCall, HttpPipelinePosition.PerCall);
                options.AddPolicy(perRetry, HttpPipelinePosition.PerRetry);
                options.Retry.Delay = TimeSpan.FromMilliseconds(10);
            });
        });
        app.Services.GetRequiredService<TableClient>();
        await app.CreateCalendarAsync(CalendarId);
        return app;
    }

    private static async Task<Arranged> LinkAsync(TestApp app, int k)
    {
        var link = await app.GenerateLinkAsync(CalendarId);
        return new Arranged(link["linkId"]!.GetValue<string>(), link["url"]!.GetValue<string>(), Key: $"fault-key-{k}");
    }

    private static async Task<Arranged> BookedAsync(TestApp app, int k)
    {
        var link = await LinkAsync(app, k);
        using var booked = await app.BookJsonAsync(link.Url, MondaySlot(k));
        var manageUrl = (await booked.AssertJsonAsync(HttpStatusCode.Created))["manageUrl"]!.GetValue<string>();
        return link with { ManageUrl = manageUrl };
    }

    private static Task<HttpResponseMessage> ManagePostAsync(TestApp app, Arranged a, string action, object? body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Infrastructure.Api.PathOf(a.ManageUrl!) + "/" + action)
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("Idempotency-Key", a.Key);
        return app.Public.SendAsync(request);
    }

    private static async Task<(int Status, JsonObject? Body)> SendAsync(Task<HttpResponseMessage> send)
    {
        using var response = await send;
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : null);
    }

    private static async Task<JsonObject> LinkDetailsAsync(TestApp app, string linkId)
    {
        using var response = await app.GetLinkAsync(linkId);
        return await response.AssertJsonAsync(HttpStatusCode.OK);
    }
}
