namespace OneTimeLinks.Tests.Webhooks;

/// <summary>eventTypes and calendarIds filter as documented: empty or omitted means every type or every calendar.</summary>
public sealed class DeliveryFilterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string OtherCalendar = "other-calendar";

    [Fact]
    public async Task Delivery_EventTypesAndCalendarIds_EachSubscriptionGetsWhatItsFilterMatches()
    {
        await using var app = await WebhookDeliveryHarness.StartAsync(azurite);
        await app.CreateCalendarAsync(CalendarId);
        await app.CreateCalendarAsync(OtherCalendar);
        await using var everything = await WebhookReceiver.StartAsync();
        await using var usedOnly = await WebhookReceiver.StartAsync();
        await using var otherOnly = await WebhookReceiver.StartAsync();
        await using var usedOfOther = await WebhookReceiver.StartAsync();
        await app.SubscribeAsync(everything);
        await app.SubscribeAsync(usedOnly, eventTypes: [LinkEventTypes.Used]);
        await app.SubscribeAsync(otherOnly, calendarIds: [OtherCalendar]);
        await app.SubscribeAsync(usedOfOther, eventTypes: [LinkEventTypes.Used], calendarIds: [OtherCalendar]);

        // Default calendar: generated + used. Other calendar: generated + revoked.
        var link = await app.GenerateLinkAsync(CalendarId);
        var url = link["url"]!.GetValue<string>();
        using (var booked = await app.BookAsync(url, await app.FirstSlotAsync(url)))
        {
            booked.EnsureSuccessStatusCode();
        }

        var other = await app.GenerateLinkAsync(OtherCalendar);
        using (await app.RevokeAsync(other["linkId"]!.GetValue<string>(), OtherCalendar))
        {
        }

        await everything.WaitForCountAsync(4);
        await usedOnly.WaitForCountAsync(1);
        await otherOnly.WaitForCountAsync(2);

        // Deliveries run in parallel: give a wrong one time to arrive before asserting it did not.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(
            [(CalendarId, LinkEventTypes.Generated), (CalendarId, LinkEventTypes.Used), (OtherCalendar, LinkEventTypes.Generated), (OtherCalendar, LinkEventTypes.Revoked)],
            Events(everything));
        Assert.Equal([(CalendarId, LinkEventTypes.Used)], Events(usedOnly));
        Assert.Equal([(OtherCalendar, LinkEventTypes.Generated), (OtherCalendar, LinkEventTypes.Revoked)], Events(otherOnly));
        Assert.Empty(usedOfOther.Deliveries);
        foreach (var receiver in new[] { everything, usedOnly, otherOnly })
        {
            Assert.All(receiver.Deliveries, d => Assert.Single(d.VerifiedWith));
        }

        Assert.Empty(app.Outbound.Refused);
    }

    private static List<(string Calendar, string Type)> Events(WebhookReceiver receiver) =>
    [
        .. receiver.Deliveries
            .Select(d => JsonNode.Parse(d.Body)!.AsObject())
            .Select(e => (e["data"]!["calendarId"]!.GetValue<string>(), e["type"]!.GetValue<string>()))
            .Order(),
    ];
}
