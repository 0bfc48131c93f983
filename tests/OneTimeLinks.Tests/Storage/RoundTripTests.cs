using Azure.Core;
using Azure.Data.Tables;
using Xunit.Abstractions;

namespace OneTimeLinks.Tests.Storage;

/// <summary>
/// Storage round trips per API call on the success path, counted on the wire by a pipeline policy on the app's own
/// TableClient. Budgets from the spec: generate ≤ 2, resolve (open) ≤ 3, book ≤ 2, each plus the outbox delete that
/// follows a committed event. The exact sequences are the ones docs/design.md explains.
/// </summary>
public sealed class RoundTripTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private readonly StorageRequestRecorder _log = new(StorageRequestKinds.Of, latency: TimeSpan.FromMilliseconds(250));

    /// <summary>Replaces the app's TableClient with one whose pipeline records every request it sends.</summary>
    private async Task<TestApp> StartCountingAsync(Action<IServiceCollection>? configure = null)
    {
        var app = await TestApp.StartAsync(azurite, services: services =>
        {
            configure?.Invoke(services);

            // These count a call's table requests. The webhook fan-out of its events runs later in a queue trigger of
            // its own (one subscriptions query per event), not on the call's path: the delivery benchmark measures it.
            services.AddSingleton<IWebhookHandOff, NoWebhookHandOff>();
            services.ReplaceTableClient(_log);
        });

        // The app creates its table before its first request (CreateTableOnFirstRequest, on its own client; see the test
        // below); this replacement client creates it when first resolved. Resolve it now so only per-call traffic is
        // measured.
        Assert.Equal(["create table"], await MeasureAsync("first resolve of TableClient", () =>
        {
            app.Services.GetRequiredService<TableClient>();
            return Task.CompletedTask;
        }));
        return app;
    }

    private async Task<List<string>> MeasureAsync(string operation, Func<Task> call)
    {
        _log.Drain();
        await call();
        var requests = _log.Drain();
        output.WriteLine($"{operation}: {requests.Count} storage request(s): {string.Join(" → ", requests)}");
        return requests;
    }

    /// <summary>Like <see cref="MeasureAsync"/>, as round trips: parallel requests share one ("read + read").</summary>
    private async Task<List<string>> MeasureRoundsAsync(string operation, Func<Task> call)
    {
        _log.DrainRounds();
        await call();
        var rounds = _log.DrainRounds();
        output.WriteLine($"{operation}: {rounds.Count} round trip(s): {string.Join(" → ", rounds)}");
        return rounds;
    }

    [Fact]
    public async Task FirstRequest_TableMissing_CreatesTheTableOnceBeforeItAndNeverAgain()
    {
        // Arrange: the app's own table client, with the recorder after the app's policies (so in the order sent).
        await using var app = await TestApp.StartAsync(azurite, services: services =>
            services.PostConfigureAll<TableClientOptions>(options => options.AddPolicy(_log, HttpPipelinePosition.PerCall)));

        // Act
        var first = await MeasureAsync("put calendar (first request of the process)", () => app.CreateCalendarAsync(CalendarId));
        var second = await MeasureAsync("put calendar", () => app.CreateCalendarAsync(CalendarId));

        // Assert
        Assert.Equal(["create table", "upsert", "upsert"], first);
        Assert.Equal(["upsert", "upsert"], second);
    }

    [Fact]
    public async Task Generate_SuccessPath_IsOneTransactionThenTheOutboxDelete()
    {
        await using var app = await StartCountingAsync();
        await app.CreateCalendarAsync(CalendarId);
        await app.GenerateLinkAsync(CalendarId); // warm: this instance has written the calendar's due hint for this minute

        var requests = await MeasureAsync("generate", () => app.GenerateLinkAsync(CalendarId, new { expiresAt = "2026-12-08T17:00:00+01:00" }));

        Assert.Equal(["batch", "delete outbox"], requests);
        Assert.True(requests.Count(r => r != "delete outbox") <= 2);
    }

    [Fact]
    public async Task Open_SuccessPath_IsTwoParallelPointReadsThenOneAgendaQuery()
    {
        await using var app = await StartCountingAsync();
        await app.CreateCalendarAsync(CalendarId);
        var url = await app.GenerateLinkUrlAsync();
        using (var booked = await app.BookJsonAsync(await app.GenerateLinkUrlAsync(), FirstSlot))
        {
            await booked.AssertJsonAsync(HttpStatusCode.Created);
        }

        (await app.OpenAsync(url)).Dispose(); // warm: a first call's just-in-time compilation could hold back its parallel reads
        var rounds = await MeasureRoundsAsync("open", async () =>
        {
            using var open = await app.OpenAsync(url);
            await open.AssertJsonAsync(HttpStatusCode.OK);
        });

        // Point reads of the calendar and the link together, then one range query over the horizon's agenda dates
        // (which dates depends on the calendar). No query whose cost grows with the calendar's history.
        Assert.Equal(["read + read", "query"], rounds);
    }

    [Fact]
    public async Task Book_SuccessPath_IsOneReadRoundOneTransactionThenTheOutboxDelete()
    {
        await using var app = await StartCountingAsync();
        await app.CreateCalendarAsync(CalendarId);
        var url = await app.GenerateLinkUrlAsync();

        (await app.BookJsonAsync(await app.GenerateLinkUrlAsync(), FirstSlot.AddHours(1))).Dispose(); // warm
        var rounds = await MeasureRoundsAsync("book", async () =>
        {
            using var book = await app.BookJsonAsync(url, FirstSlot);
            await book.AssertJsonAsync(HttpStatusCode.Created);
        });

        // The calendar, the link and the agenda dates around the start, all at once; then the one transaction.
        Assert.Equal(["query + read + read", "batch", "delete outbox"], rounds);
    }

    [Fact]
    public async Task Book_WithIdempotencyKey_IsStillOneReadRoundOneTransactionAndAReplayIsTwoReadRounds()
    {
        await using var app = await StartCountingAsync();
        await app.CreateCalendarAsync(CalendarId);
        var url = await app.GenerateLinkUrlAsync();

        (await app.BookJsonAsync(await app.GenerateLinkUrlAsync(), FirstSlot.AddHours(1), idempotencyKey: "warm-up-key-1")).Dispose();
        var first = await MeasureRoundsAsync("book with Idempotency-Key", async () =>
        {
            using var book = await app.BookJsonAsync(url, FirstSlot, idempotencyKey: "round-trip-key-1");
            await book.AssertJsonAsync(HttpStatusCode.Created);
        });
        var replay = await MeasureRoundsAsync("book replay", async () =>
        {
            using var book = await app.BookJsonAsync(url, FirstSlot, idempotencyKey: "round-trip-key-1");
            await book.AssertJsonAsync(HttpStatusCode.Created);
        });

        Assert.Equal(["query + read + read + read", "batch", "delete outbox"], first);
        Assert.Equal(["query + read + read + read", "read"], replay);
    }

    [Fact]
    public async Task Generate_WithIdempotencyKey_IsOneReadRoundThenTheTransactionAndAReplayIsTwoReadRounds()
    {
        await using var app = await StartCountingAsync();
        await app.CreateCalendarAsync(CalendarId);
        await app.GenerateLinkAsync(CalendarId); // warm: this instance has written the calendar's due hint for this minute

        var first = await MeasureRoundsAsync("generate with Idempotency-Key", () => GenerateAsync(app));
        var replay = await MeasureRoundsAsync("generate replay", () => GenerateAsync(app));

        // The key's record; then the link's transaction with it. A replay: the record, then the link as it is now.
        Assert.Equal(["read", "batch", "delete outbox"], first);
        Assert.Equal(["read", "read"], replay);

        static async Task GenerateAsync(TestApp app)
        {
            using var response = await Links.GenerateIdempotencyTests.GenerateAsync(app, new { note = "once" }, "round-trip-key-2");
            await response.AssertJsonAsync(HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task ManagementCalls_SuccessPath_RoundTripsAreRecorded()
    {
        await using var app = await StartCountingAsync();

        var put = await MeasureAsync("put calendar", () => app.CreateCalendarAsync(CalendarId));
        var cold = await MeasureAsync("generate (first in this calendar and minute)", () => app.GenerateLinkAsync(CalendarId));
        var linkId = "";
        var generate = await MeasureAsync("generate", async () => linkId = (await app.GenerateLinkAsync(CalendarId))["linkId"]!.GetValue<string>());
        var list = await MeasureAsync("list", async () => (await app.ListAsync()).Dispose());
        var get = await MeasureAsync("get link (unused)", async () => (await app.GetLinkAsync(linkId)).Dispose());
        var revoke = await MeasureAsync("revoke", async () =>
        {
            using var response = await app.RevokeAsync(linkId);
            await response.AssertJsonAsync(HttpStatusCode.OK);
        });
        var getRevoked = await MeasureAsync("get link (revoked, no bookings)", async () => (await app.GetLinkAsync(linkId)).Dispose());

        Assert.Equal(["upsert", "upsert"], put);
        Assert.Equal(["upsert", "batch", "delete outbox"], cold); // the due hint ahead of the transaction (DueHints)
        Assert.Equal(["batch", "delete outbox"], generate);
        Assert.Equal(["read", "query"], list);
        Assert.Equal(["read"], get);
        Assert.Equal(["read", "batch", "delete outbox"], revoke);
        Assert.Equal(["read"], getRevoked);
    }

    [Fact]
    public async Task Book_PublishHeld_AnswersBeforeTheEventIsPublished()
    {
        var release = new TaskCompletionSource();
        var held = new HeldPublisher(release.Task);
        await using var app = await StartCountingAsync(services => services.AddSingleton<IEventPublisher>(held));
        app.WaitForEvents = false;
        await app.CreateCalendarAsync(CalendarId);
        var url = await app.GenerateLinkUrlAsync();

        var rounds = await MeasureRoundsAsync("book, publish held", async () =>
        {
            using var book = await app.BookJsonAsync(url, FirstSlot);
            await book.AssertJsonAsync(HttpStatusCode.Created);
        });
        // The publishes start in the background once the answer is on its way: wait for both to be held (never released
        // before this point, so the answer cannot have waited for them), then let them through.
        var publishing = await held.WaitUntilWaitingAsync(2);
        release.SetResult();
        await app.Services.GetRequiredService<IBackgroundEventDispatcher>().WhenIdleAsync();

        // The answer came while both publishes (generate's and book's) were held: the read round and the transaction
        // are all that precede it. The outbox rows go once the publishes complete.
        Assert.Equal(["query + read + read", "batch"], rounds);
        Assert.Equal(2, publishing);
        Assert.Equal(["delete outbox", "delete outbox"], _log.Drain());
    }

    private sealed class NoWebhookHandOff : IWebhookHandOff
    {
        public Task HandOffAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    /// <summary>A transport whose publishes wait until the test lets them through.</summary>
    private sealed class HeldPublisher(Task release) : IEventPublisher
    {
        private int _waiting;

        public int Waiting => Volatile.Read(ref _waiting);

        /// <summary>How many publishes are held once <paramref name="count"/> are, or after ten seconds.</summary>
        public async Task<int> WaitUntilWaitingAsync(int count)
        {
            for (var waited = 0; Waiting < count && waited < 10_000; waited += 10)
            {
                await Task.Delay(10);
            }

            return Waiting;
        }

        public async Task PublishAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _waiting);
            await release.WaitAsync(cancellationToken);
        }
    }

    [Fact]
    public async Task GetLink_WithBookings_IsOneReadThenItsBookingsByPointRead()
    {
        await using var app = await StartCountingAsync();
        await app.CreateCalendarAsync(CalendarId);
        var created = await app.GenerateLinkAsync(CalendarId);
        (await app.BookJsonAsync(created["url"]!.GetValue<string>(), FirstSlot)).Dispose();

        var requests = await MeasureAsync("get link (used)", async () => (await app.GetLinkAsync(created["linkId"]!.GetValue<string>())).Dispose());

        Assert.Equal(["read", "read"], requests);
    }
}
