using System.Net.Http.Headers;
using System.Text;
using Azure.Data.Tables;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Tests.BookingChanges;
using OneTimeLinks.Tests.WorkflowRequests;

namespace OneTimeLinks.Tests.Validation;

/// <summary>
/// Every date-taking route and message type, driven with well-formed RFC 3339 instants at the edges of time and of
/// the accepted range [2000-01-01T00:00:00Z, 2200-01-01T00:00:00Z): none of them may answer 5xx or change a row, and
/// each one outside the range is refused with its field named (a problem's <c>errors</c>, or the poison wrapper's).
/// </summary>
public sealed class EdgeInstantTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private const string CalendarPath = "/api/calendars/" + CalendarId;
    private const string Later = "2026-12-08T10:00:00Z";
    private const string Earlier = "2026-12-08T09:00:00Z";
    private const string WindowFrom = "2026-12-08T00:00:00Z";
    private const string WindowTo = "2026-12-09T00:00:00Z";

    /// <summary>Instants that lie outside the accepted range: the ends of <see cref="DateTimeOffset"/> and a second past each bound.</summary>
    private static readonly string[] OutsideEdges =
    [
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "1999-12-31T23:59:59Z",
        "2200-01-01T00:00:00Z",
        "2200-01-01T00:00:01Z",
    ];

    /// <summary>Instants just inside the bounds: accepted as instants, then judged by each field's own rules.</summary>
    private static readonly string[] InsideEdges =
    [
        "2000-01-01T00:00:00Z",
        "2000-01-01T00:00:01Z",
        "2199-12-31T23:59:59Z",
    ];

    private enum Via
    {
        Management,
        Public,
        PublicForm,
        Batch,
        Queue,
    }

    /// <param name="Field">The field the refusal must name.</param>
    /// <param name="Build">Method, path and body for the instant (the queue takes the body as the message).</param>
    private sealed record DateRoute(Via Via, string Field, Func<Context, string, (string Method, string Path, string? Body)> Build);

    private sealed record Context(string LinkPath, string ManagePath, string BookingId);

    private static string Q(string instant) => Uri.EscapeDataString(instant);

    private static readonly Dictionary<string, DateRoute> Routes = new()
    {
        ["generate expiresAt"] = new(Via.Management, "expiresAt", (_, e) => ("POST", CalendarPath + "/links", $$"""{"expiresAt":"{{e}}"}""")),
        ["generate window.from"] = new(Via.Management, "window.from", (_, e) => ("POST", CalendarPath + "/links", $$$"""{"window":{"from":"{{{e}}}","to":"{{{WindowTo}}}"}}""")),
        ["generate window.to"] = new(Via.Management, "window.to", (_, e) => ("POST", CalendarPath + "/links", $$$"""{"window":{"from":"{{{WindowFrom}}}","to":"{{{e}}}"}}""")),
        ["batch item expiresAt"] = new(Via.Batch, "expiresAt", (_, e) => ("POST", CalendarPath + "/links/batch", $$"""{"links":[{"requestId":"edge-1","expiresAt":"{{e}}"}]}""")),
        ["batch item window.from"] = new(Via.Batch, "window.from", (_, e) => ("POST", CalendarPath + "/links/batch", $$$"""{"links":[{"requestId":"edge-1","window":{"from":"{{{e}}}","to":"{{{WindowTo}}}"}}]}""")),
        ["batch item window.to"] = new(Via.Batch, "window.to", (_, e) => ("POST", CalendarPath + "/links/batch", $$$"""{"links":[{"requestId":"edge-1","window":{"from":"{{{WindowFrom}}}","to":"{{{e}}}"}}]}""")),
        ["open from"] = new(Via.Public, "from", (c, e) => ("GET", $"{c.LinkPath}?from={Q(e)}", null)),
        ["book start"] = new(Via.Public, "start", (c, e) => ("POST", c.LinkPath + "/book", $$"""{"start":"{{e}}","name":"Jane Doe","email":"jane@example.com"}""")),
        ["busy put start"] = new(Via.Management, "start", (_, e) => ("PUT", CalendarPath + "/busy/edge-1", $$"""{"start":"{{e}}","end":"{{Later}}"}""")),
        ["busy put end"] = new(Via.Management, "end", (_, e) => ("PUT", CalendarPath + "/busy/edge-1", $$"""{"start":"{{Earlier}}","end":"{{e}}"}""")),
        ["busy list from"] = new(Via.Management, "from", (_, e) => ("GET", $"{CalendarPath}/busy?from={Q(e)}&to={Q(WindowTo)}", null)),
        ["busy list to"] = new(Via.Management, "to", (_, e) => ("GET", $"{CalendarPath}/busy?from={Q(WindowFrom)}&to={Q(e)}", null)),
        ["busy sync from"] = new(Via.Management, "from", (_, e) => ("PUT", $"{CalendarPath}/busy?from={Q(e)}&to={Q(WindowTo)}", """{"intervals":[]}""")),
        ["busy sync to"] = new(Via.Management, "to", (_, e) => ("PUT", $"{CalendarPath}/busy?from={Q(WindowFrom)}&to={Q(e)}", """{"intervals":[]}""")),
        ["busy sync interval start"] = new(Via.Management, "intervals[0].start", (_, e) => ("PUT", $"{CalendarPath}/busy?from={Q(WindowFrom)}&to={Q(WindowTo)}", $$"""{"intervals":[{"id":"edge-1","start":"{{e}}","end":"{{Later}}"}]}""")),
        ["busy sync interval end"] = new(Via.Management, "intervals[0].end", (_, e) => ("PUT", $"{CalendarPath}/busy?from={Q(WindowFrom)}&to={Q(WindowTo)}", $$"""{"intervals":[{"id":"edge-1","start":"{{Earlier}}","end":"{{e}}"}]}""")),
        ["bookings list from"] = new(Via.Management, "from", (_, e) => ("GET", $"{CalendarPath}/bookings?from={Q(e)}&to={Q(WindowTo)}", null)),
        ["bookings list to"] = new(Via.Management, "to", (_, e) => ("GET", $"{CalendarPath}/bookings?from={Q(WindowFrom)}&to={Q(e)}", null)),
        ["crm reschedule start"] = new(Via.Management, "start", (c, e) => ("POST", BookingApi.BookingPath(c.BookingId) + "/reschedule", $$"""{"start":"{{e}}"}""")),
        ["invitee reschedule start (JSON)"] = new(Via.Public, "start", (c, e) => ("POST", c.ManagePath + "/reschedule", $$"""{"start":"{{e}}"}""")),
        ["invitee reschedule start (form)"] = new(Via.PublicForm, "start", (c, e) => ("POST", c.ManagePath + "/reschedule", "start=" + Q(e))),
        ["queue link.generate expiresAt"] = new(Via.Queue, "expiresAt", (_, e) => ("", "", $$"""{"requestId":"edge-1","calendarId":"{{CalendarId}}","expiresAt":"{{e}}"}""")),
        ["queue link.generate window.to"] = new(Via.Queue, "window.to", (_, e) => ("", "", $$$"""{"requestId":"edge-1","calendarId":"{{{CalendarId}}}","window":{"from":"{{{WindowFrom}}}","to":"{{{e}}}"}}""")),
        ["queue busy.upsert start"] = new(Via.Queue, "start", (_, e) => ("", "", $$"""{"type":"busy.upsert","calendarId":"{{CalendarId}}","busyId":"edge-1","start":"{{e}}","end":"{{Later}}"}""")),
        ["queue busy.upsert end"] = new(Via.Queue, "end", (_, e) => ("", "", $$"""{"type":"busy.upsert","calendarId":"{{CalendarId}}","busyId":"edge-1","start":"{{Earlier}}","end":"{{e}}"}""")),
    };

    public static TheoryData<string, string> OutsideCases() => Cross(OutsideEdges);

    public static TheoryData<string, string> InsideCases() => Cross(InsideEdges);

    private static TheoryData<string, string> Cross(string[] edges)
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Routes.Keys)
        {
            foreach (var edge in edges)
            {
                data.Add(route, edge);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OutsideCases))]
    public async Task Instant_OutsideTheAcceptedRange_RefusedNamingTheField_No5xx_NoRowChanged(string route, string instant)
    {
        var input = Routes[route];
        var context = await PrepareAsync(App);
        var before = await SnapshotAsync(App);

        if (input.Via == Via.Queue)
        {
            var queues = new WorkflowRequestQueues(App);
            await queues.SendAsync(input.Build(context, instant).Body!);
            var wrapper = Assert.Single(await queues.WaitForPoisonAsync(1)).Wrapper!;
            await queues.WaitUntilRequestsEmptyAsync();
            Assert.Equal("invalid-fields", wrapper["reason"]!.GetValue<string>());
            Assert.Equal(1, wrapper["dequeueCount"]!.GetValue<long>());
            Assert.True(wrapper["errors"]!.AsObject().ContainsKey(input.Field), $"errors should name '{input.Field}': {wrapper["errors"]}");
        }
        else
        {
            using var response = await SendAsync(App, input, context, instant);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status < 500, $"{status}: {text}");
            switch (input.Via)
            {
                case Via.Batch:
                    var result = Assert.Single((await response.AssertJsonAsync(HttpStatusCode.OK))["results"]!.AsArray())!;
                    Assert.Equal(422, result["status"]!.GetValue<int>());
                    Assert.True(result["errors"]!.AsObject().ContainsKey(input.Field), $"errors should name '{input.Field}': {result["errors"]}");
                    break;
                case Via.PublicForm:
                    Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
                    Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                    break;
                default:
                    var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
                    Assert.True(problem["errors"]?.AsObject().ContainsKey(input.Field) == true, $"errors should name '{input.Field}': {problem}");
                    break;
            }
        }

        Assert.Equal(before, await SnapshotAsync(App));
    }

    [Theory]
    [MemberData(nameof(InsideCases))]
    public async Task Instant_JustInsideTheAcceptedRange_NeverAnswers5xx(string route, string instant)
    {
        var input = Routes[route];
        var context = await PrepareAsync(App);

        if (input.Via == Via.Queue)
        {
            var queues = new WorkflowRequestQueues(App);
            await queues.SendAsync(input.Build(context, instant).Body!);
            await queues.WaitUntilRequestsEmptyAsync();

            // Either applied or refused at the first delivery with a reason: never retried into the poison queue bare.
            foreach (var poisoned in await queues.WaitForPoisonAsync(0))
            {
                Assert.NotNull(poisoned.Reason);
            }
        }
        else
        {
            using var response = await SendAsync(App, input, context, instant);
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public void Routes_CoverEveryDateTakingRouteAndMessage()
    {
        Assert.Equal(25, Routes.Count);
    }

    /// <summary>A booking to reschedule (with its manage URL) and a fresh link to open and book.</summary>
    private static async Task<Context> PrepareAsync(TestApp app)
    {
        var (booking, _) = await app.BookNewLinkAsync(FirstSlot);
        var url = await app.GenerateLinkUrlAsync();
        return new Context(
            Infrastructure.Api.PathOf(url),
            Infrastructure.Api.PathOf(booking["manageUrl"]!.GetValue<string>()),
            booking["bookingId"]!.GetValue<string>());
    }

    private static Task<HttpResponseMessage> SendAsync(TestApp app, DateRoute input, Context context, string instant)
    {
        var (method, path, body) = input.Build(context, instant);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(
                input.Via == Via.PublicForm ? "application/x-www-form-urlencoded" : "application/json");
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(input.Via == Via.PublicForm ? "text/html" : "application/json"));
        var client = input.Via is Via.Management or Via.Batch ? app.Management : app.Public;
        return client.SendAsync(request);
    }

    /// <summary>Every row with its ETag, but the sweep's due hints (which issue 21 §2 governs, not this rule).</summary>
    private static async Task<List<string>> SnapshotAsync(TestApp app)
    {
        var rows = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ne {TableKeys.DuePartition}");
        await foreach (var row in app.Table.QueryAsync<TableEntity>(filter))
        {
            rows.Add($"{row.PartitionKey} / {row.RowKey} / {row.ETag}");
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
