using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Webhooks;
using OneTimeLinks.Tests.Sweeping;
using static OneTimeLinks.Tests.Webhooks.SubscriptionTestHelpers;

namespace OneTimeLinks.Tests.Webhooks;

/// <summary>The subscription management routes (issue 22, "Subscriptions"): create, read, list, change, delete, rotate.</summary>
public sealed class SubscriptionApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Create_ValidBody_Is201WithTheSubscriptionAndItsSecret()
    {
        await using var app = await StartAsync(azurite);

        using var response = await app.CreateWebhookAsync(new
        {
            url = ReceiverUrl,
            eventTypes = new[] { "OneTimeLinks.Link.Used", "OneTimeLinks.Booking.Canceled" },
            calendarIds = new[] { "dr-smith" },
            description = "CRM main",
        });

        var created = await response.AssertJsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        Assert.Equal($"/api/webhooks/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(ReceiverUrl, created["url"]!.GetValue<string>());
        Assert.Equal(["OneTimeLinks.Link.Used", "OneTimeLinks.Booking.Canceled"], Strings(created["eventTypes"]));
        Assert.Equal(["dr-smith"], Strings(created["calendarIds"]));
        Assert.Equal("CRM main", created["description"]!.GetValue<string>());
        Assert.Equal("enabled", created["status"]!.GetValue<string>());
        Assert.Equal(app.Time.GetUtcNow(), Instant(created["createdAt"]));
        Assert.Equal(0, created["consecutiveFailures"]!.GetValue<int>());
        var secret = created["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.Empty(app.Outbound.Asked);
    }

    [Fact]
    public async Task Create_FiltersOmitted_MeanEveryTypeAndEveryCalendar()
    {
        await using var app = await StartAsync(azurite);

        using var response = await app.CreateWebhookAsync(new { url = ReceiverUrl });

        var created = await response.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Empty(created["eventTypes"]!.AsArray());
        Assert.Empty(created["calendarIds"]!.AsArray());
        var stored = await app.Services.GetRequiredService<IWebhookStore>().GetAsync(created["id"]!.GetValue<string>());
        Assert.True(stored!.Subscription.Matches("OneTimeLinks.Link.Expired", "any-calendar"));
    }

    [Fact]
    public async Task SecretAfterCreate_GetListPatchTableAndLogs_NeverHoldIt()
    {
        var logs = new LogSink();
        await using var app = await StartAsync(azurite, services: s => s.AddSingleton<ILoggerProvider>(logs));
        var created = await (await app.CreateWebhookAsync(new { url = ReceiverUrl })).AssertJsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        var secret = created["secret"]!.GetValue<string>();

        using var get = await app.GetWebhookAsync(id);
        using var list = await app.Management.GetAsync(new Uri("/api/webhooks", UriKind.Relative));
        using var patch = await app.PatchWebhookAsync(id, """{"description":"renamed"}""");
        var answers = new[] { await get.Content.ReadAsStringAsync(), await list.Content.ReadAsStringAsync(), await patch.Content.ReadAsStringAsync() };

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { get.StatusCode, list.StatusCode, patch.StatusCode });
        Assert.All(answers, a => Assert.DoesNotContain("whsec_", a, StringComparison.Ordinal));
        Assert.All(answers, a => Assert.DoesNotContain("secret", a, StringComparison.OrdinalIgnoreCase));
        await foreach (var row in app.Table.QueryAsync<TableEntity>())
        {
            var text = string.Join(" ", row.Select(p => $"{p.Key}={p.Value}"));
            Assert.DoesNotContain("whsec_", text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret["whsec_".Length..], text, StringComparison.Ordinal);
        }

        Assert.NotEmpty(logs.Lines);
        Assert.All(logs.Lines, line => Assert.DoesNotContain(secret["whsec_".Length..], line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_AfterCreate_ShowsStatusLastDeliveryAndFailures()
    {
        await using var app = await StartAsync(azurite);
        var id = await CreateIdAsync(app);

        var webhook = await (await app.GetWebhookAsync(id)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(id, webhook["id"]!.GetValue<string>());
        Assert.Equal("enabled", webhook["status"]!.GetValue<string>());
        Assert.True(webhook.ContainsKey("lastDeliveryAt"));
        Assert.Null(webhook["lastDeliveryAt"]);
        Assert.Equal(0, webhook["consecutiveFailures"]!.GetValue<int>());
        Assert.Null(webhook["secret"]);
    }

    [Theory]
    [InlineData("wh_0000000000000abcdefghj")]
    [InlineData("not-an-id")]
    public async Task GetPatchRotate_UnknownId_Are404(string id)
    {
        await using var app = await StartAsync(azurite);

        using var get = await app.GetWebhookAsync(id);
        using var patch = await app.PatchWebhookAsync(id, """{"description":"x"}""");
        using var rotate = await app.Management.PostAsync(new Uri($"/api/webhooks/{id}/rotate-secret", UriKind.Relative), null);

        await get.AssertProblemAsync(HttpStatusCode.NotFound);
        await patch.AssertProblemAsync(HttpStatusCode.NotFound);
        await rotate.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_ThreeWithPageSizeTwo_TwoPagesOldestFirst()
    {
        await using var app = await StartAsync(azurite);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await CreateIdAsync(app));
            app.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await (await app.Management.GetAsync(new Uri("/api/webhooks?pageSize=2", UriKind.Relative))).AssertJsonAsync(HttpStatusCode.OK);
        var continuation = first["continuation"]!.GetValue<string>();
        var second = await (await app.Management.GetAsync(new Uri($"/api/webhooks?pageSize=2&continuation={Uri.EscapeDataString(continuation)}", UriKind.Relative)))
            .AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(ids, Ids(first).Concat(Ids(second)));
        Assert.Null(second["continuation"]);
    }

    [Fact]
    public async Task Patch_SomeFields_ChangesThoseAndKeepsTheRest()
    {
        await using var app = await StartAsync(azurite);
        var id = await CreateIdAsync(app, new { url = ReceiverUrl, eventTypes = new[] { "OneTimeLinks.Link.Used" }, calendarIds = new[] { "dr-smith" }, description = "old" });

        var patched = await (await app.PatchWebhookAsync(id, """{"url":"https://other.example.test/h","calendarIds":null,"description":null}"""))
            .AssertJsonAsync(HttpStatusCode.OK);
        var read = await (await app.GetWebhookAsync(id)).AssertJsonAsync(HttpStatusCode.OK);

        foreach (var webhook in new[] { patched, read })
        {
            Assert.Equal("https://other.example.test/h", webhook["url"]!.GetValue<string>());
            Assert.Equal(["OneTimeLinks.Link.Used"], Strings(webhook["eventTypes"]));
            Assert.Empty(webhook["calendarIds"]!.AsArray());
            Assert.Null(webhook["description"]);
            Assert.Equal("enabled", webhook["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Patch_DisableThenEnable_StatusFollowsAndFailuresStartAfresh()
    {
        await using var app = await StartAsync(azurite);
        var id = await CreateIdAsync(app);
        var store = app.Services.GetRequiredService<IWebhookStore>();
        var stored = (await store.GetAsync(id))!;
        await store.TryReplaceAsync(stored with
        {
            Subscription = stored.Subscription with
            {
                Status = WebhookStatus.Disabled,
                ConsecutiveFailures = 9,
                FailingSince = app.Time.GetUtcNow().AddDays(-5),
                DisabledReason = "The receiver answered 410 Gone.",
            },
        });

        var disabled = await (await app.GetWebhookAsync(id)).AssertJsonAsync(HttpStatusCode.OK);
        var enabled = await (await app.PatchWebhookAsync(id, """{"status":"enabled"}""")).AssertJsonAsync(HttpStatusCode.OK);
        var disabledAgain = await (await app.PatchWebhookAsync(id, """{"status":"disabled"}""")).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("disabled", disabled["status"]!.GetValue<string>());
        Assert.Equal("The receiver answered 410 Gone.", disabled["disabledReason"]!.GetValue<string>());
        Assert.Equal("enabled", enabled["status"]!.GetValue<string>());
        Assert.Equal(0, enabled["consecutiveFailures"]!.GetValue<int>());
        Assert.Null(enabled["disabledReason"]);
        Assert.Null((await store.GetAsync(id))!.Subscription.FailingSince);
        Assert.Equal("disabled", disabledAgain["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_WhileADeliveryRecordsItsOutcome_RetriesAndKeepsBothChanges()
    {
        await using var app = await StartAsync(azurite, services: s => s.AddSingleton<IWebhookStore>(sp =>
            new InterleavingStore(ActivatorUtilities.CreateInstance<TableWebhookStore>(sp))));
        var id = await CreateIdAsync(app);
        var store = (InterleavingStore)app.Services.GetRequiredService<IWebhookStore>();
        store.BeforeNextReplace = async inner =>
        {
            var read = (await inner.GetAsync(id))!;
            await inner.TryReplaceAsync(read with { Subscription = read.Subscription with { ConsecutiveFailures = 3 } });
        };

        var patched = await (await app.PatchWebhookAsync(id, """{"description":"after the race"}""")).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("after the race", patched["description"]!.GetValue<string>());
        Assert.Equal(3, patched["consecutiveFailures"]!.GetValue<int>());
        Assert.Equal(2, store.Replaces);
    }

    [Fact]
    public async Task Delete_Existing_Is204AndGone_AgainStill204()
    {
        await using var app = await StartAsync(azurite);
        var id = await CreateIdAsync(app);

        using var first = await app.Management.DeleteAsync(new Uri($"/api/webhooks/{id}", UriKind.Relative));
        using var second = await app.Management.DeleteAsync(new Uri($"/api/webhooks/{id}", UriKind.Relative));
        using var get = await app.GetWebhookAsync(id);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        await get.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await app.CountRowsAsync(TableKeys.WebhookRowPrefix));
    }

    [Fact]
    public async Task RotateSecret_NewSecretOnce_BothSignDuringTheOverlap_OnlyTheNewAfter()
    {
        await using var app = await StartAsync(azurite);
        var created = await (await app.CreateWebhookAsync(new { url = ReceiverUrl })).AssertJsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        var oldSecret = created["secret"]!.GetValue<string>();

        using var response = await app.Management.PostAsync(new Uri($"/api/webhooks/{id}/rotate-secret", UriKind.Relative), null);

        var rotated = await response.AssertJsonAsync(HttpStatusCode.OK);
        var newSecret = rotated["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", newSecret, StringComparison.Ordinal);
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Equal(app.Time.GetUtcNow().AddHours(24), Instant(rotated["previousSecretValidUntil"]));
        var secrets = app.Services.GetRequiredService<WebhookSecrets>();
        var stored = (await app.Services.GetRequiredService<IWebhookStore>().GetAsync(id))!;
        Assert.Equal([newSecret, oldSecret], secrets.SigningSecrets(stored, app.Time.GetUtcNow().AddHours(23)));
        Assert.Equal([newSecret], secrets.SigningSecrets(stored, app.Time.GetUtcNow().AddHours(24)));
    }

    [Fact]
    public async Task Create_TenAtOnceWithRoomForThree_ThreeCreatedSevenRefused()
    {
        await using var app = await StartAsync(azurite, maxSubscriptions: 3);

        var results = await Race.AllAsync(10, _ => app.CreateWebhookAsync(new { url = ReceiverUrl }));

        Assert.True(results.Count(r => r.Status == HttpStatusCode.Created) == 3, Race.Describe(results));
        Assert.All(results.Where(r => r.Status != HttpStatusCode.Created), r =>
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.Status);
            Assert.Contains("urn:onetimelinks:problem:webhook-limit", r.Body, StringComparison.Ordinal);
        });
        Assert.Equal(3, await app.CountRowsAsync(TableKeys.WebhookRowPrefix));
    }

    [Fact]
    public async Task Routes_WithoutTheFunctionKey_Are401AndWriteNothing()
    {
        await using var app = await StartAsync(azurite);
        var rowsBefore = await app.RowsAsync();

        using var create = await app.Public.PostAsync(new Uri("/api/webhooks", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { url = ReceiverUrl }));
        using var list = await app.Public.GetAsync(new Uri("/api/webhooks", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(rowsBefore, await app.RowsAsync());
    }

    private static async Task<string> CreateIdAsync(TestApp app, object? body = null)
    {
        using var response = await app.CreateWebhookAsync(body ?? new { url = ReceiverUrl });
        return (await response.AssertJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
    }

    private static List<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];

    private static IEnumerable<string> Ids(JsonObject page) => page["webhooks"]!.AsArray().Select(w => w!["id"]!.GetValue<string>());

    /// <summary>Lets a test run a competing write just before the next replace, as a delivery recording its outcome would.</summary>
    private sealed class InterleavingStore(IWebhookStore inner) : IWebhookStore
    {
        public Func<IWebhookStore, Task>? BeforeNextReplace { get; set; }

        public int Replaces { get; private set; }

        public Task<IReadOnlyList<StoredWebhook>> ListAllAsync(CancellationToken cancellationToken = default) => inner.ListAllAsync(cancellationToken);

        public Task<StoredWebhook?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public async Task<StoredWebhook?> TryReplaceAsync(StoredWebhook webhook, CancellationToken cancellationToken = default)
        {
            if (BeforeNextReplace is { } competing)
            {
                BeforeNextReplace = null;
                await competing(inner);
            }

            Replaces++;
            return await inner.TryReplaceAsync(webhook, cancellationToken);
        }

        public Task<WebhookAddResult> TryAddAsync(StoredWebhook webhook, int maxSubscriptions, CancellationToken cancellationToken = default) =>
            inner.TryAddAsync(webhook, maxSubscriptions, cancellationToken);

        public Task<WebhookDeleteResult> DeleteAsync(string id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);

        public Task<WebhookPage> ListAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken = default) =>
            inner.ListAsync(pageSize, continuationToken, cancellationToken);
    }
}
