using OneTimeLinks.Core.Bookings;
using Azure.Messaging;
using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Tests.Events;

/// <summary>The published shape of each event type (docs/events.md), through the real publisher and a mocked sender.</summary>
public sealed class EventContractTests
{
    private static readonly DateTimeOffset Now = TestClock.Pinned;

    private static readonly Link Link = new(
        "dr-smith", "0000000000000abcdef", LinkStatus.Active, Now.AddDays(2), "sent to Jane", 1, 0,
        new LinkContact("crm-1", "Jane Doe", "jane@example.com"), Now.AddHours(-1), null, "hash", "wf-1");

    public static TheoryData<string> Types => [LinkEventTypes.Generated, LinkEventTypes.Used, LinkEventTypes.Revoked, LinkEventTypes.Expired];

    [Theory]
    [MemberData(nameof(Types))]
    public async Task PublishAsync_EachEventType_IsOneCloudEventMessageKeyedByTheEventId(string type)
    {
        var linkEvent = Create(type);

        var message = await ServiceBusSenderCapture.PublishAloneAsync(linkEvent);

        var cloudEvent = CloudEvent.Parse(message.Body)!;
        Assert.Equal(linkEvent.Id, message.MessageId);
        Assert.Equal(linkEvent.Id, cloudEvent.Id);
        Assert.Equal(type, cloudEvent.Type);
        Assert.Equal("/onetimelinks", cloudEvent.Source);
        Assert.Equal(Now, cloudEvent.Time);
        Assert.Equal("calendars/dr-smith/links/0000000000000abcdef", cloudEvent.Subject);
        Assert.Equal(type, message.ApplicationProperties["eventType"]);
        Assert.Equal("dr-smith", message.ApplicationProperties["calendarId"]);
        Assert.Equal(Link.LinkId, message.ApplicationProperties["linkId"]);

        var data = JsonNode.Parse(cloudEvent.Data!.ToString())!.AsObject();
        Assert.Equal("dr-smith", data["calendarId"]!.GetValue<string>());
        Assert.Equal(Link.LinkId, data["linkId"]!.GetValue<string>());
        Assert.Equal("sent to Jane", data["note"]!.GetValue<string>());
        Assert.Equal("crm-1", data["contactId"]!.GetValue<string>());
    }

    /// <summary>Issue 23: a request, the owner's answers and attendance, each a CloudEvent naming its booking.</summary>
    public static TheoryData<string> ApprovalTypes =>
    [
        LinkEventTypes.BookingRequested, LinkEventTypes.BookingConfirmed, LinkEventTypes.BookingDeclined, LinkEventTypes.BookingAttendanceMarked,
    ];

    [Theory]
    [MemberData(nameof(ApprovalTypes))]
    public async Task PublishAsync_ApprovalEventTypes_AreCloudEventsOfTheirTypeWithTheBooking(string type)
    {
        var pending = new Booking("b1", "dr-smith", Link.LinkId, Now.AddHours(2), Now.AddHours(2.5), "Max Mustermann", "max@example.com", null, null, Now)
        {
            Status = BookingStatus.Pending,
            ConfirmBy = Now.AddHours(24),
        };
        var linkEvent = type switch
        {
            LinkEventTypes.BookingRequested => LinkEventFactory.Used(Link with { Uses = 1 }, pending, "https://book.example.test/api/m/m1", Now),
            LinkEventTypes.BookingConfirmed => LinkEventFactory.Confirmed(pending with { Status = BookingStatus.Confirmed, ConfirmedAt = Now }, Now),
            LinkEventTypes.BookingDeclined => LinkEventFactory.Declined(
                pending with { Status = BookingStatus.Declined, Decline = new BookingDecline(Now, "deadline", LinkReopened: false) }, Now),
            _ => LinkEventFactory.AttendanceMarked(pending with { Status = BookingStatus.Confirmed, Attendance = BookingAttendance.NoShow, AttendanceMarkedAt = Now }, BookingAttendance.Showed, Now),
        };

        var cloudEvent = CloudEvent.Parse((await ServiceBusSenderCapture.PublishAloneAsync(linkEvent)).Body)!;
        Assert.Equal(type, cloudEvent.Type);
        Assert.Equal("/onetimelinks", cloudEvent.Source);
        Assert.Equal("calendars/dr-smith/links/0000000000000abcdef", cloudEvent.Subject);
        Assert.Contains(type, LinkEventTypes.All);
        var data = JsonNode.Parse(cloudEvent.Data!.ToString())!.AsObject();
        Assert.Equal("b1", data["bookingId"]!.GetValue<string>());
        Assert.Equal(Now.AddHours(2), data["start"]!.GetValue<DateTimeOffset>());
        switch (type)
        {
            case LinkEventTypes.BookingRequested:
                Assert.Equal(Now.AddHours(24), data["confirmBy"]!.GetValue<DateTimeOffset>());
                Assert.Equal("https://book.example.test/api/m/m1", data["manageUrl"]!.GetValue<string>());
                break;
            case LinkEventTypes.BookingDeclined:
                Assert.Equal("deadline", data["reason"]!.GetValue<string>());
                Assert.False(data["linkReopened"]!.GetValue<bool>());
                break;
            case LinkEventTypes.BookingAttendanceMarked:
                Assert.Equal("showed", data["previousStatus"]!.GetValue<string>());
                Assert.Equal("noShow", data["status"]!.GetValue<string>());
                break;
        }
    }

    [Fact]
    public void Generated_FromAWorkflowRequest_CarriesRequestIdLinkIdAndUrl()
    {
        var data = Data(LinkEventFactory.Generated(Link, "https://book.example.test/api/l/abc", Now));

        Assert.Equal("wf-1", data["requestId"]!.GetValue<string>());
        Assert.Equal(Link.LinkId, data["linkId"]!.GetValue<string>());
        Assert.Equal("https://book.example.test/api/l/abc", data["url"]!.GetValue<string>());
    }

    [Fact]
    public void Used_CarriesTheBookingAndInvitee()
    {
        var booking = new Booking("b1", "dr-smith", Link.LinkId, Now.AddHours(2), Now.AddHours(2.5), "Max Mustermann", "max@example.com", null, null, Now);

        var data = Data(LinkEventFactory.Used(Link with { Uses = 1, StoredStatus = LinkStatus.Used, EndedAt = Now }, booking, "https://book.example.test/api/m/m1", Now));

        Assert.Equal("b1", data["bookingId"]!.GetValue<string>());
        Assert.Equal("https://book.example.test/api/m/m1", data["manageUrl"]!.GetValue<string>());
        Assert.Equal(Now.AddHours(2), data["start"]!.GetValue<DateTimeOffset>());
        Assert.Equal(Now.AddHours(2.5), data["end"]!.GetValue<DateTimeOffset>());
        Assert.Equal("Max Mustermann", data["inviteeName"]!.GetValue<string>());
        Assert.Equal("max@example.com", data["inviteeEmail"]!.GetValue<string>());
        Assert.Equal("sent to Jane", data["note"]!.GetValue<string>());
        Assert.Equal("crm-1", data["contactId"]!.GetValue<string>());
        Assert.False(data.ContainsKey("inviteePhone"), "Absent fields are left out, not null.");
    }

    [Fact]
    public void Expired_EndedAtIsWhenTheLinkEnded()
    {
        var expiry = Link.ExpiresAt!.Value;
        var data = Data(LinkEventFactory.Ended(LinkEventTypes.Expired, Link with { StoredStatus = LinkStatus.Expired, EndedAt = expiry }, expiry.AddMinutes(4)));

        Assert.Equal(expiry, data["endedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(expiry, data["expiresAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public void EventIds_AreUniquePerStateChange()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => LinkEventFactory.Ended(LinkEventTypes.Revoked, Link, Now).Id).ToHashSet();

        Assert.Equal(100, ids.Count);
    }

    private static LinkEvent Create(string type) => type switch
    {
        LinkEventTypes.Generated => LinkEventFactory.Generated(Link, "https://book.example.test/api/l/abc", Now),
        LinkEventTypes.Used => LinkEventFactory.Used(
            Link with { Uses = 1 }, new Booking("b1", "dr-smith", Link.LinkId, Now.AddHours(2), Now.AddHours(2.5), "Max", "max@example.com", null, null, Now), "https://book.example.test/api/m/m1", Now),
        _ => LinkEventFactory.Ended(type, Link with { EndedAt = Now }, Now),
    };

    private static JsonObject Data(LinkEvent linkEvent) => JsonNode.Parse(linkEvent.DataJson)!.AsObject();
}
