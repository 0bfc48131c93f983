using System.Text;
using Azure.Data.Tables;

namespace OneTimeLinks.Tests.WorkflowRequests;

/// <summary>
/// Workflow link requests through the real queue trigger: messages enqueued Base64 on Azurite, picked up by the local
/// runner with the host's dequeue-count and poison semantics, outcome events read from the local events queue.
/// </summary>
public sealed class WorkflowRequestQueueTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private WorkflowRequestQueues _queues = null!;

    // Events go to the local events queue, which these tests read.
    private protected override bool CapturesServiceBus => false;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _queues = new WorkflowRequestQueues(App);
    }

    [Fact]
    public async Task Request_CreatesTheLink_AndPublishesAGeneratedEventWithRequestIdAndUrl()
    {
        await _queues.SendAsync(new
        {
            requestId = "wf-run-1",
            calendarId = CalendarId,
            expiresAt = TestApp.DefaultNow.AddDays(2).ToString("O"),
            note = "sent by workflow",
            maxUses = 2,
            contact = new { id = "crm-42", email = "jane@example.com" },
        });

        var generated = Assert.Single(await _queues.WaitForEventsAsync(e => e.Count >= 1, "the generated event"));
        Assert.Equal(LinkEventTypes.Generated, generated.Type);
        var data = generated.DataObject();
        Assert.Equal("wf-run-1", data["requestId"]!.GetValue<string>());
        Assert.Equal("crm-42", data["contactId"]!.GetValue<string>());
        Assert.Equal(2, data["maxUses"]!.GetValue<int>());
        var linkId = data["linkId"]!.GetValue<string>();
        var url = data["url"]!.GetValue<string>();

        using (var link = await App.Management.GetAsync($"/api/calendars/{CalendarId}/links/{linkId}"))
        {
            Assert.Equal(HttpStatusCode.OK, link.StatusCode);
            var body = await link.ReadJsonAsync();
            Assert.Equal("active", body["status"]!.GetValue<string>());
            Assert.Equal("sent by workflow", body["note"]!.GetValue<string>());
        }

        // The URL in the event is the link: the workflow can send it on as it is.
        using (var open = await App.Public.GetAsync(Infrastructure.Api.PathOf(url)))
        {
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        }

        // The request row keeps the event for later deliveries, encrypted: no row holds the token in clear.
        var token = url[(url.LastIndexOf('/') + 1)..];
        await foreach (var row in App.Table.QueryAsync<TableEntity>())
        {
            Assert.All(row, property => Assert.DoesNotContain(token, property.Value?.ToString() ?? "", StringComparison.Ordinal));
        }

        await _queues.WaitUntilRequestsEmptyAsync();
        Assert.Empty(await _queues.WaitForPoisonAsync(0));
    }

    [Fact]
    public async Task Redelivery_CreatesNoSecondLink_AndPublishesTheSameEventAgain()
    {
        var message = new { requestId = "wf-run-2", calendarId = CalendarId, expiresAt = TestApp.DefaultNow.AddHours(1).ToString("O") };
        await _queues.SendAsync(message);
        var first = Assert.Single(await _queues.WaitForEventsAsync(e => e.Count >= 1, "the first generated event"));

        await _queues.SendAsync(message);
        await _queues.WaitForEventsAsync(e => e.Count >= 2, "the second delivery's event");

        // Even once the link's expiry has passed (the message would now fail validation), the answer is the same event.
        App.Time.Advance(TimeSpan.FromHours(2));
        await _queues.SendAsync(message);
        var events = await _queues.WaitForEventsAsync(e => e.Count >= 3, "the third delivery's event");

        Assert.All(events, e => Assert.Equal(first.Id, e.Id));
        Assert.All(events, e => Assert.Equal(first.DataObject()["url"]!.GetValue<string>(), e.DataObject()["url"]!.GetValue<string>()));
        Assert.Single(await ListLinksAsync());
        await _queues.WaitUntilRequestsEmptyAsync();
        Assert.Empty(await _queues.WaitForPoisonAsync(0));
    }

    [Fact]
    public async Task TwentyConcurrentCopies_CreateOneLink_AndEveryDeliveryPublishesTheSameEventId()
    {
        var message = new { requestId = "wf-run-3", calendarId = CalendarId, note = "twenty copies" };
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _queues.SendAsync(message)));

        var events = await _queues.WaitForEventsAsync(e => e.Count >= 20, "20 generated events");

        Assert.Equal(20, events.Count);
        Assert.Single(events.Select(e => e.Id).Distinct());
        Assert.Single(await ListLinksAsync());
        await _queues.WaitUntilRequestsEmptyAsync();
        Assert.Empty(await _queues.WaitForPoisonAsync(0));
    }

    [Fact]
    public async Task BadMessages_GoStraightToThePoisonQueueWithTheirReason_AndGoodOnesFlowBehindThem()
    {
        var tooLongNote = new string('x', 501);
        var bad = new (string Text, string Reason, string? Field)[]
        {
            ("this is not JSON {", "not-json", null),
            ("[\"a\", \"list\"]", "not-an-object", null),
            ($$"""{"calendarId": "{{CalendarId}}"}""", "missing-request-id", null),
            ("""{"requestId": "bad-2"}""", "missing-calendar-id", null),
            ($$"""{"requestId": "", "calendarId": "{{CalendarId}}"}""", "missing-request-id", null),
            ($$"""{"requestId": "{{new string('r', 201)}}", "calendarId": "{{CalendarId}}"}""", "invalid-fields", "requestId"),
            ("""{"requestId": "bad-3", "calendarId": "not a calendar id!"}""", "invalid-fields", "calendarId"),
            ($$"""{"requestId": "bad-4", "calendarId": "{{CalendarId}}", "maxUses": 0}""", "invalid-fields", "maxUses"),
            ($$"""{"requestId": "bad-5", "calendarId": "{{CalendarId}}", "maxUses": "many"}""", "invalid-fields", "maxUses"),
            ($$"""{"requestId": "bad-5b", "calendarId": "{{CalendarId}}", "maxUses": "3"}""", "invalid-fields", "maxUses"),
            ($$"""{"requestId": "bad-7b", "calendarId": "{{CalendarId}}", "expiresAt": "12/10/2030 10:00 +01:00"}""", "invalid-fields", "expiresAt"),
            ($$"""{"requestId": "bad-7c", "calendarId": "{{CalendarId}}", "expiresAt": "9999-12-31T23:59:59Z"}""", "invalid-fields", "expiresAt"),
            ($$"""{"requestId": "bad-6", "calendarId": "{{CalendarId}}", "note": "{{tooLongNote}}"}""", "invalid-fields", "note"),
            ($$"""{"requestId": "bad-7", "calendarId": "{{CalendarId}}", "expiresAt": "2020-01-01T00:00:00Z"}""", "invalid-fields", "expiresAt"),
            ($$$"""{"requestId": "bad-8", "calendarId": "{{{CalendarId}}}", "contact": {"email": "not-an-email"}}""", "invalid-fields", "contact.email"),
            ("""{"requestId": "bad-9", "calendarId": "nobody"}""", "unknown-calendar", null),
            ($$"""{"type": "link.burn", "requestId": "bad-10", "calendarId": "{{CalendarId}}"}""", "unknown-type", null),
            ($$"""{"type": 7, "requestId": "bad-11", "calendarId": "{{CalendarId}}"}""", "unknown-type", null),
            ($$"""{"type": "busy.upsert", "calendarId": "{{CalendarId}}", "busyId": "b1", "start": "2026-12-08T10:00:00Z", "end": "2026-12-08T09:00:00Z"}""", "invalid-fields", "end"),
            ($$"""{"type": "busy.upsert", "calendarId": "{{CalendarId}}", "busyId": "{{new string('b', 129)}}", "start": "2026-12-08T09:00:00Z", "end": "2026-12-08T10:00:00Z"}""", "invalid-fields", "busyId"),
            ("""{"type": "busy.delete", "calendarId": "nobody", "busyId": "b1"}""", "unknown-calendar", null),
            ("""{"type": "busy.delete", "busyId": "b1"}""", "missing-calendar-id", null),
        };

        foreach (var (text, _, _) in bad)
        {
            await _queues.SendAsync(text);
        }

        await _queues.SendAsync(new { requestId = "good-after-bad", calendarId = CalendarId });

        // The good message is served right behind the bad ones, not after their retries.
        var generated = Assert.Single(await _queues.WaitForEventsAsync(e => e.Count >= 1, "the good message's event"));
        Assert.Equal("good-after-bad", generated.DataObject()["requestId"]!.GetValue<string>());

        var poison = await _queues.WaitForPoisonAsync(bad.Length);
        Assert.Equal(bad.Length, poison.Count);
        foreach (var (text, reason, field) in bad)
        {
            var wrapper = Assert.Single(poison, p => OriginalText(p.Wrapper!) == Normalized(text)).Wrapper!;
            Assert.Equal(reason, wrapper["reason"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(wrapper["detail"]!.GetValue<string>()));

            // Rejected at its first delivery: never retried.
            Assert.Equal(1, wrapper["dequeueCount"]!.GetValue<long>());
            if (field is not null)
            {
                Assert.True(wrapper["errors"]!.AsObject().ContainsKey(field), $"{reason}: errors should name '{field}': {wrapper["errors"]}");
            }
        }

        // Every bad message was completed (deleted), and none of them created anything.
        await _queues.WaitUntilRequestsEmptyAsync();
        Assert.Single(await ListLinksAsync());
        Assert.Single(await _queues.DrainEventsAsync());
    }

    [Fact]
    public async Task InvalidUtf8Byte_IsRejectedAsNotUtf8_AndCreatesNoLink()
    {
        var valid = Encoding.UTF8.GetBytes($$"""{"requestId": "utf8-1", "calendarId": "{{CalendarId}}", "note": "ab"}""");
        var bytes = valid.Take(valid.Length - 4).Concat(new byte[] { 0xC3, 0x28 }).Concat(valid.Skip(valid.Length - 4)).ToArray();
        await _queues.Requests.CreateIfNotExistsAsync();

        await _queues.Requests.SendMessageAsync(new BinaryData(bytes));

        var poison = Assert.Single(await _queues.WaitForPoisonAsync(1));
        Assert.Equal("not-utf8", poison.Reason);
        await _queues.WaitUntilRequestsEmptyAsync();
        Assert.Empty(await ListLinksAsync());
    }

    [Fact]
    public async Task BusyMessages_UpsertThenDelete_ApplyLikeTheHttpCalls()
    {
        var start = new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(1));
        var url = await App.GenerateLinkUrlAsync();
        await _queues.SendAsync(new { type = "busy.upsert", calendarId = CalendarId, busyId = "crm-77", start = start.ToString("O"), end = start.AddHours(1).ToString("O"), title = "By phone" });
        await _queues.WaitUntilRequestsEmptyAsync();

        using (var listed = await App.Management.GetAsync($"/api/calendars/{CalendarId}/busy?from=2026-12-07T00:00:00Z&to=2026-12-08T00:00:00Z"))
        {
            var interval = Assert.Single((await listed.ReadJsonAsync())["intervals"]!.AsArray())!;
            Assert.Equal(("crm-77", "By phone"), (interval["id"]!.GetValue<string>(), interval["title"]!.GetValue<string>()));
        }

        Assert.DoesNotContain(start, await OfferedAsync(url));

        await _queues.SendAsync(new { type = "busy.delete", calendarId = CalendarId, busyId = "crm-77" });
        await _queues.WaitUntilRequestsEmptyAsync();

        Assert.Contains(start, await OfferedAsync(url));
        Assert.Empty(await _queues.WaitForPoisonAsync(0));

        // Busy time is the CRM's own data: writing it publishes nothing (the one event is the link's generated event).
        Assert.Equal([LinkEventTypes.Generated], (await _queues.DrainEventsAsync()).Select(e => e.Type));
    }

    private async Task<List<DateTimeOffset>> OfferedAsync(string url)
    {
        using var response = await App.Public.GetAsync(Infrastructure.Api.PathOf(url));
        response.EnsureSuccessStatusCode();
        return [.. (await response.ReadJsonAsync())["slots"]!.AsArray().Select(slot => DateTimeOffset.Parse(slot!["start"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture))];
    }

    private async Task<JsonArray> ListLinksAsync()
    {
        using var response = await App.Management.GetAsync($"/api/calendars/{CalendarId}/links");
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync())["links"]!.AsArray();
    }

    /// <summary>The original as the wrapper holds it: JSON embedded as JSON, anything else as a string.</summary>
    private static string OriginalText(JsonObject wrapper) =>
        wrapper["message"] is JsonValue value && value.TryGetValue<string>(out var text) && JsonStringIsNotJson(text)
            ? text
            : wrapper["message"]!.ToJsonString();

    private static string Normalized(string text) => JsonStringIsNotJson(text) ? text : JsonNode.Parse(text)!.ToJsonString();

    private static bool JsonStringIsNotJson(string text)
    {
        try
        {
            JsonNode.Parse(text);
            return false;
        }
        catch (System.Text.Json.JsonException)
        {
            return true;
        }
    }
}
