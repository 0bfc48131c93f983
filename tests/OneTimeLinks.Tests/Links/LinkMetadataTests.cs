using OneTimeLinks.Core.Sweeping;
using OneTimeLinks.Tests.WorkflowRequests;

namespace OneTimeLinks.Tests.Links;

/// <summary>
/// The CRM's metadata through the real app on Azurite: stored with the link, returned by the link routes, carried in
/// every event about the link and its bookings, never shown to the invitee; <c>utm_*</c> of the opened URL recorded
/// with the booking.
/// </summary>
public sealed class LinkMetadataTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{

    private static readonly Dictionary<string, string> Metadata = new()
    {
        ["dealId"] = "D-4711",
        ["crm.owner"] = "sales-team_2",
        ["note-ü"] = "not a valid key",
    };

    private static Dictionary<string, string> ValidMetadata => Metadata.Where(p => p.Key != "note-ü").ToDictionary();

    [Fact]
    public async Task Metadata_RoundTripsThroughTheLinkRoutes_AndEveryEventType()
    {
        var metadata = ValidMetadata;
        var created = await App.GenerateLinkAsync(CalendarId, new { maxUses = 3, metadata });
        var linkId = created["linkId"]!.GetValue<string>();
        var url = created["url"]!.GetValue<string>();
        AssertMetadata(metadata, created["metadata"]);

        using (var read = await App.Management.GetAsync($"/api/calendars/{CalendarId}/links/{linkId}"))
        {
            AssertMetadata(metadata, (await read.ReadJsonAsync())["metadata"]);
        }

        using (var list = await App.Management.GetAsync($"/api/calendars/{CalendarId}/links"))
        {
            var listed = (await list.ReadJsonAsync())["links"]!.AsArray().Single(l => l!["linkId"]!.GetValue<string>() == linkId);
            AssertMetadata(metadata, listed!["metadata"]);
        }

        // Booked through the URL as the CRM sent it, with campaign parameters: they are recorded with the booking.
        var start = await App.FirstSlotAsync(url);
        var bookPath = Infrastructure.Api.PathOf(url) + "/book?utm_source=newsletter&utm_campaign=winter&other=ignored";
        string bookingId;
        using (var booked = await App.Public.PostAsJsonAsync(bookPath, new { start = start.ToString("O"), name = "Jane Doe", email = "jane@example.com" }))
        {
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
            bookingId = (await booked.ReadJsonAsync())["bookingId"]!.GetValue<string>();
        }

        var used = Assert.Single(Bus.SentEvents(LinkEventTypes.Used)).Event.DataObject();
        AssertMetadata(metadata, used["metadata"]);
        Assert.Equal("newsletter", used["utm"]!["utm_source"]!.GetValue<string>());
        Assert.Equal("winter", used["utm"]!["utm_campaign"]!.GetValue<string>());
        Assert.Equal(2, used["utm"]!.AsObject().Count);

        using (var read = await App.Management.GetAsync($"/api/calendars/{CalendarId}/links/{linkId}"))
        {
            var booking = (await read.ReadJsonAsync())["bookings"]![0]!;
            Assert.Equal("newsletter", booking["utm"]!["utm_source"]!.GetValue<string>());
        }

        using (var moved = await App.Management.PostAsJsonAsync(
            $"/api/calendars/{CalendarId}/bookings/{bookingId}/reschedule", new { start = start.AddHours(1).ToString("O") }))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        AssertMetadata(metadata, Assert.Single(Bus.SentEvents(LinkEventTypes.BookingRescheduled)).Event.DataObject()["metadata"]);

        using (var canceled = await App.Management.PostAsJsonAsync($"/api/calendars/{CalendarId}/bookings/{bookingId}/cancel", new { reason = "ill" }))
        {
            Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
        }

        AssertMetadata(metadata, Assert.Single(Bus.SentEvents(LinkEventTypes.BookingCanceled)).Event.DataObject()["metadata"]);

        using (var revoked = await App.Management.PostAsync($"/api/calendars/{CalendarId}/links/{linkId}/revoke", null))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        AssertMetadata(metadata, Assert.Single(Bus.SentEvents(LinkEventTypes.Revoked)).Event.DataObject()["metadata"]);
        AssertMetadata(metadata, Assert.Single(Bus.SentEvents(LinkEventTypes.Generated)).Event.DataObject()["metadata"]);
    }

    [Fact]
    public async Task Metadata_TheSweepsExpiredEventCarriesIt()
    {
        var metadata = ValidMetadata;
        var created = await App.GenerateLinkAsync(CalendarId, new { expiresAt = TestApp.DefaultNow.AddHours(1).ToString("O"), metadata });

        App.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, (await App.Services.GetRequiredService<ISweepService>().SweepAsync()).Expired);

        var expired = Assert.Single(Bus.SentEvents(LinkEventTypes.Expired)).Event;
        Assert.Equal(created["linkId"]!.GetValue<string>(), expired.DataObject()["linkId"]!.GetValue<string>());
        AssertMetadata(metadata, expired.DataObject()["metadata"]);
    }

    [Fact]
    public async Task Metadata_IsNeverShownToTheInvitee()
    {
        var created = await App.GenerateLinkAsync(CalendarId, new { metadata = new { secretDeal = "D-SECRET-99" } });
        var path = Infrastructure.Api.PathOf(created["url"]!.GetValue<string>());

        using var json = await App.Public.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.DoesNotContain("D-SECRET-99", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var html = new HttpRequestMessage(HttpMethod.Get, path);
        html.Headers.Add("Accept", "text/html");
        using var page = await App.Public.SendAsync(html);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("D-SECRET-99", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_Invalid_Answers422WithFieldErrors_AndStoresNothing()
    {
        var tooMany = Enumerable.Range(0, 21).ToDictionary(i => $"k{i}", i => "v");
        var tooLong = new Dictionary<string, string> { ["a"] = new string('x', 501) };
        var tooBig = Enumerable.Range(0, 10).ToDictionary(i => $"k{i}", i => new string('x', 450));
        object[] bodies =
        [
            new { metadata = Metadata },
            new { metadata = tooMany },
            new { metadata = tooLong },
            new { metadata = tooBig },
            new { metadata = new Dictionary<string, string> { [new string('k', 41)] = "v" } },
            new { metadata = new Dictionary<string, string?> { ["a"] = null } },
        ];

        foreach (var body in bodies)
        {
            using var response = await App.Management.PostAsJsonAsync($"/api/calendars/{CalendarId}/links", body);
            var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Contains(problem["errors"]!.AsObject(), e => e.Key.StartsWith("metadata", StringComparison.Ordinal));
        }

        Assert.Equal(0, await App.CountRowsAsync("link|"));
        Assert.Empty(Bus.Sent);
    }

    [Fact]
    public async Task Metadata_FromTheWorkflowQueue_IsInTheGeneratedEvent()
    {
        var queues = new WorkflowRequestQueues(App);
        await queues.SendAsync(new { requestId = "wf-meta-1", calendarId = CalendarId, metadata = new { dealId = "D-1" } });

        var deadline = DateTime.UtcNow + WorkflowRequestQueues.Timeout;
        while (Bus.SentEvents(LinkEventTypes.Generated).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var generated = Assert.Single(Bus.SentEvents(LinkEventTypes.Generated)).Event;
        Assert.Equal("D-1", generated.DataObject()["metadata"]!["dealId"]!.GetValue<string>());
        using var read = await App.Management.GetAsync($"/api/calendars/{CalendarId}/links/{generated.DataObject()["linkId"]!.GetValue<string>()}");
        Assert.Equal("D-1", (await read.ReadJsonAsync())["metadata"]!["dealId"]!.GetValue<string>());
    }

    private static void AssertMetadata(Dictionary<string, string> expected, JsonNode? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(
            expected.OrderBy(p => p.Key, StringComparer.Ordinal),
            actual.AsObject().Select(p => KeyValuePair.Create(p.Key, p.Value!.GetValue<string>())).OrderBy(p => p.Key, StringComparer.Ordinal));
    }

}
