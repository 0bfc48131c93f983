using System.Diagnostics;
using Azure.Messaging;
using Azure.Messaging.ServiceBus;
using OneTimeLinks.Core.Sweeping;

namespace OneTimeLinks.Tests.Events;

/// <summary>
/// Every committed state change publishes exactly its CloudEvent to the Service Bus topic (a mocked
/// <see cref="ServiceBusSender"/> behind the real publisher), through the real app on Azurite.
/// </summary>
public sealed class LifecycleEventTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Generate_PublishesOneGeneratedCloudEvent_WithTheUrlAndFilterProperties()
    {
        var expiresAt = TestApp.DefaultNow.AddDays(3);
        var created = await App.GenerateLinkAsync(CalendarId, new
        {
            expiresAt = expiresAt.ToString("O"),
            note = "sent to Jane by SMS",
            maxUses = 2,
            contact = new { id = "crm-42", name = "Jane Doe", email = "jane@example.com" },
        });
        var linkId = created["linkId"]!.GetValue<string>();

        var (message, cloudEvent) = Assert.Single(Bus.SentEvents());
        AssertEnvelope(message, cloudEvent, LinkEventTypes.Generated, linkId);
        Assert.Equal(TestApp.DefaultNow, cloudEvent.Time);

        var data = cloudEvent.DataObject();
        Assert.Equal(CalendarId, data["calendarId"]!.GetValue<string>());
        Assert.Equal(linkId, data["linkId"]!.GetValue<string>());
        Assert.Equal(created["url"]!.GetValue<string>(), data["url"]!.GetValue<string>());
        Assert.Equal("sent to Jane by SMS", data["note"]!.GetValue<string>());
        Assert.Equal("crm-42", data["contactId"]!.GetValue<string>());
        Assert.Equal(2, data["maxUses"]!.GetValue<int>());
        Assert.Equal(expiresAt, data["expiresAt"]!.GetValue<DateTimeOffset>());
        Assert.False(data.ContainsKey("requestId"), "An HTTP generate has no workflow request id.");

        Assert.Empty(await OutboxRows.ReadAsync(App, CalendarId));
    }

    [Fact]
    public async Task Book_PublishesOneUsedCloudEvent_WithTheBookingInviteeNoteAndContact()
    {
        var created = await App.GenerateLinkAsync(CalendarId, new { note = "follow-up", contact = new { id = "crm-7" } });
        var url = created["url"]!.GetValue<string>();
        var start = await App.FirstSlotAsync(url);

        using var response = await App.BookAsync(url, start, name: "Jane Doe", email: "jane@example.com");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var booking = await response.ReadJsonAsync();

        var (message, cloudEvent) = Assert.Single(Bus.SentEvents(LinkEventTypes.Used));
        AssertEnvelope(message, cloudEvent, LinkEventTypes.Used, created["linkId"]!.GetValue<string>());
        var data = cloudEvent.DataObject();
        Assert.Equal(booking["bookingId"]!.GetValue<string>(), data["bookingId"]!.GetValue<string>());
        Assert.Equal(start, data["start"]!.GetValue<DateTimeOffset>());
        Assert.Equal(start.AddMinutes(30), data["end"]!.GetValue<DateTimeOffset>());
        Assert.Equal("Jane Doe", data["inviteeName"]!.GetValue<string>());
        Assert.Equal("jane@example.com", data["inviteeEmail"]!.GetValue<string>());
        Assert.Equal("follow-up", data["note"]!.GetValue<string>());
        Assert.Equal("crm-7", data["contactId"]!.GetValue<string>());
        Assert.Equal(2, Bus.SentEvents().Count);
        Assert.Empty(await OutboxRows.ReadAsync(App, CalendarId));
    }

    [Fact]
    public async Task Revoke_PublishesOneRevokedCloudEvent_AndRepeatingItPublishesNothing()
    {
        var created = await App.GenerateLinkAsync(CalendarId, new { contact = new { id = "crm-9" } });
        var linkId = created["linkId"]!.GetValue<string>();

        for (var i = 0; i < 2; i++)
        {
            using var response = await App.Management.PostAsync($"/api/calendars/{CalendarId}/links/{linkId}/revoke", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var (message, cloudEvent) = Assert.Single(Bus.SentEvents(LinkEventTypes.Revoked));
        AssertEnvelope(message, cloudEvent, LinkEventTypes.Revoked, linkId);
        var data = cloudEvent.DataObject();
        Assert.Equal(linkId, data["linkId"]!.GetValue<string>());
        Assert.Equal("crm-9", data["contactId"]!.GetValue<string>());
        Assert.Equal(TestApp.DefaultNow, data["endedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(2, Bus.SentEvents().Count);
    }

    [Fact]
    public async Task Expiry_TheSweepPublishesOneExpiredCloudEvent_AndLaterSweepsNoMore()
    {
        var expiresAt = TestApp.DefaultNow.AddHours(1);
        var created = await App.GenerateLinkAsync(CalendarId, new { expiresAt = expiresAt.ToString("O"), contact = new { id = "crm-5" } });
        var linkId = created["linkId"]!.GetValue<string>();
        var sweep = App.Services.GetRequiredService<ISweepService>();

        App.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, (await sweep.SweepAsync()).Expired);
        Assert.Equal(0, (await sweep.SweepAsync()).Expired);

        var (message, cloudEvent) = Assert.Single(Bus.SentEvents(LinkEventTypes.Expired));
        AssertEnvelope(message, cloudEvent, LinkEventTypes.Expired, linkId);
        var data = cloudEvent.DataObject();
        Assert.Equal(expiresAt, data["endedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("crm-5", data["contactId"]!.GetValue<string>());
        Assert.Equal(2, Bus.SentEvents().Count);
        Assert.Empty(await OutboxRows.ReadAsync(App, CalendarId));
    }

    [Fact]
    public async Task PublishFailure_LeavesTheEventInTheOutbox_AndALaterDispatchDeliversItWithTheSameId()
    {
        Bus.FailNext(1, () => new ServiceBusException("The topic is unreachable.", ServiceBusFailureReason.ServiceCommunicationProblem));

        // The state change stands: a publish failure never fails the request.
        var created = await App.GenerateLinkAsync(CalendarId);
        Assert.Empty(Bus.Sent);
        var pending = Assert.Single(await OutboxRows.ReadAsync(App, CalendarId));
        Assert.Equal(LinkEventTypes.Generated, pending.Type);

        Assert.Equal(1, (await OutboxRows.RedeliverAsync(App)).Redelivered);

        var (message, cloudEvent) = Assert.Single(Bus.SentEvents());
        Assert.Equal(pending.Id, message.MessageId);
        Assert.Equal(pending.Id, cloudEvent.Id);
        Assert.Equal(created["url"]!.GetValue<string>(), cloudEvent.DataObject()["url"]!.GetValue<string>());
        Assert.Empty(await OutboxRows.ReadAsync(App, CalendarId));
    }

    [Fact]
    public async Task CrashBetweenCommitAndPublish_TheEventStaysInTheOutbox_AndIsDeliveredLater()
    {
        var created = await App.GenerateLinkAsync(CalendarId);
        var url = created["url"]!.GetValue<string>();
        var start = await App.FirstSlotAsync(url);

        // The process stops right after the booking commits: the publish is cut off. The invitee already has the answer
        // (the app publishes after answering), so the request itself succeeds.
        Bus.FailNext(1, () => new OperationCanceledException("The host is shutting down."));
        using (var response = await App.BookAsync(url, start))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        Assert.Empty(Bus.SentEvents(LinkEventTypes.Used));
        using (var link = await App.Management.GetAsync($"/api/calendars/{CalendarId}/links/{created["linkId"]}"))
        {
            Assert.Equal("used", (await link.ReadJsonAsync())["status"]!.GetValue<string>());
        }

        var pending = Assert.Single(await OutboxRows.ReadAsync(App, CalendarId));
        Assert.Equal(LinkEventTypes.Used, pending.Type);

        Assert.Equal(1, (await OutboxRows.RedeliverAsync(App)).Redelivered);

        var (message, cloudEvent) = Assert.Single(Bus.SentEvents(LinkEventTypes.Used));
        Assert.Equal(pending.Id, message.MessageId);
        Assert.Equal(start, cloudEvent.DataObject()["start"]!.GetValue<DateTimeOffset>());
        Assert.Empty(await OutboxRows.ReadAsync(App, CalendarId));
    }

    [Fact]
    public async Task RedeliveryAfterASuccessfulPublish_SendsTheSameMessageIdAgain()
    {
        // Published, but the outbox row survived (the cleanup failed or the process stopped first): at least once.
        var created = await App.GenerateLinkAsync(CalendarId);
        var first = Assert.Single(Bus.SentEvents());
        var leftOver = new LinkEvent(
            first.Event.Id, first.Event.Type, CalendarId, created["linkId"]!.GetValue<string>(), first.Event.Time!.Value, first.Event.Data!.ToString());

        await App.Services.GetRequiredService<OutboxEventDispatcher>().DispatchAsync([leftOver]);

        Assert.Equal([first.Message.MessageId, first.Message.MessageId], Bus.Sent.Select(m => m.MessageId));
    }

    [Fact]
    public async Task ConcurrentBookings_OnlyTheCommittedOnePublishesAUsedEvent()
    {
        var created = await App.GenerateLinkAsync(CalendarId);
        var url = created["url"]!.GetValue<string>();
        var start = await App.FirstSlotAsync(url);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => App.BookAsync(url, start, email: $"invitee{i}@example.com")));
        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        Assert.Single(Bus.SentEvents(LinkEventTypes.Used));
        Assert.Empty(await OutboxRows.ReadAsync(App, CalendarId));
    }

    [Fact]
    public async Task StateChangesThatDoNotCommit_PublishNothing()
    {
        var firstLink = await App.GenerateLinkAsync(CalendarId);
        var first = firstLink["url"]!.GetValue<string>();
        var second = await App.GenerateLinkAsync(CalendarId);
        var secondUrl = second["url"]!.GetValue<string>();
        var start = await App.FirstSlotAsync(first);
        using (var booked = await App.BookAsync(first, start))
        {
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }

        var before = Bus.Calls;

        // A slot another link holds: 409, the link stays usable.
        using (var conflict = await App.BookAsync(secondUrl, start))
        {
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        }

        // A used link cannot be booked or revoked.
        using (var dead = await App.BookAsync(first, start.AddHours(1)))
        {
            Assert.Equal(HttpStatusCode.Gone, dead.StatusCode);
        }

        using (var revokeUsed = await App.Management.PostAsync($"/api/calendars/{CalendarId}/links/{firstLink["linkId"]}/revoke", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, revokeUsed.StatusCode);
        }

        // A generate for a calendar that does not exist, and an invalid one.
        using (var unknown = await App.Management.PostAsJsonAsync("/api/calendars/nobody/links", new { }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (var invalid = await App.Management.PostAsJsonAsync($"/api/calendars/{CalendarId}/links", new { maxUses = 0 }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        }

        Assert.Equal(before, Bus.Calls);
        Assert.Equal(3, Bus.SentEvents().Count);
        Assert.Empty(await OutboxRows.ReadAsync(App, CalendarId));
    }

    [Fact]
    public async Task Generate_PublishedRightAway_CarriesTheRequestsTraceIdInDiagnosticId()
    {
        var traceId = ActivityTraceId.CreateRandom();

        await GenerateWithTraceParentAsync(traceId);

        var (message, _) = Assert.Single(Bus.SentEvents(LinkEventTypes.Generated));
        Assert.Equal(traceId, TraceIdOf(message));
    }

    [Fact]
    public async Task Generate_PublishFailsAndTheSweepRedelivers_TheEventStillCarriesTheRequestsTraceId()
    {
        var traceId = ActivityTraceId.CreateRandom();
        Bus.FailNext(1, () => new ServiceBusException("The topic is unreachable.", ServiceBusFailureReason.ServiceCommunicationProblem));
        await GenerateWithTraceParentAsync(traceId);
        Assert.Empty(Bus.Sent);

        // The sweep runs under its own operation; the event keeps the request's.
        Assert.Equal(1, (await OutboxRows.RedeliverAsync(App)).Redelivered);

        var (message, _) = Assert.Single(Bus.SentEvents(LinkEventTypes.Generated));
        Assert.Equal(traceId, TraceIdOf(message));
    }

    private async Task GenerateWithTraceParentAsync(ActivityTraceId traceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/calendars/{CalendarId}/links") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await App.Management.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static ActivityTraceId TraceIdOf(ServiceBusMessage message) =>
        ActivityContext.Parse((string)message.ApplicationProperties[ServiceBusEventPublisher.DiagnosticIdProperty], null).TraceId;

    private static void AssertEnvelope(ServiceBusMessage message, CloudEvent cloudEvent, string type, string linkId)
    {
        // CloudEvents 1.0 structured mode: the body is the whole envelope.
        var envelope = JsonNode.Parse(message.Body.ToString())!.AsObject();
        Assert.Equal("1.0", envelope["specversion"]!.GetValue<string>());
        Assert.Equal("application/cloudevents+json; charset=utf-8", message.ContentType);

        Assert.Equal(type, cloudEvent.Type);
        Assert.Equal(ServiceBusSenderCapture.Source, cloudEvent.Source);
        Assert.Equal($"calendars/{CalendarId}/links/{linkId}", cloudEvent.Subject);
        Assert.Equal("application/json", cloudEvent.DataContentType);
        Assert.False(string.IsNullOrEmpty(cloudEvent.Id));

        // Duplicate detection keys on the message id; subscription filters on the application properties.
        Assert.Equal(cloudEvent.Id, message.MessageId);
        Assert.Equal(type, message.Subject);
        Assert.Equal(type, message.ApplicationProperties[ServiceBusEventPublisher.EventTypeProperty]);
        Assert.Equal(CalendarId, message.ApplicationProperties[ServiceBusEventPublisher.CalendarIdProperty]);
        Assert.Equal(linkId, message.ApplicationProperties[ServiceBusEventPublisher.LinkIdProperty]);
    }

}
