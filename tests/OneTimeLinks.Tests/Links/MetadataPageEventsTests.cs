using OneTimeLinks.Tests.Pages;

namespace OneTimeLinks.Tests.Links;

/// <summary>
/// The link's metadata in the events of a booking the invitee makes, moves and cancels through the pages alone (no JSON,
/// no CRM call after generating): every event about it carries the CRM's metadata.
/// </summary>
public sealed class MetadataPageEventsTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{

    [Fact]
    public async Task InviteePages_BookMoveAndCancel_EveryEventCarriesTheLinksMetadata()
    {
        var (_, path, _) = await App.LinkAsync(new { metadata = new { dealId = "D-9001", stage = "demo" } });
        var browser = App.Browser();
        var (open, page) = await browser.GetPageAsync(path);
        open.Dispose();

        var (booked, _) = await browser.PostFormAsync(path + "/book", PageTestHelpers.FormFrom(page, PageTestHelpers.FirstSlotValue));
        booked.Dispose();
        Assert.Equal(HttpStatusCode.SeeOther, booked.StatusCode);
        var manage = Api.PathOf(Assert.Single(Bus.SentEvents(LinkEventTypes.Used)).Event.DataObject()["manageUrl"]!.GetValue<string>());

        var (_, managePage) = await browser.GetPageAsync(manage);
        var (moved, _) = await browser.PostManageFormAsync(manage, managePage, "reschedule", ApiTestHelpers.MondaySlot(4));
        moved.Dispose();
        Assert.Equal(HttpStatusCode.SeeOther, moved.StatusCode);
        var (canceled, _) = await browser.PostManageFormAsync(manage, managePage, "cancel");
        canceled.Dispose();
        Assert.Equal(HttpStatusCode.SeeOther, canceled.StatusCode);

        string[] types = [LinkEventTypes.Generated, LinkEventTypes.Used, LinkEventTypes.BookingRescheduled, LinkEventTypes.BookingCanceled];
        foreach (var type in types)
        {
            var metadata = Assert.Single(Bus.SentEvents(type)).Event.DataObject()["metadata"];
            Assert.True(metadata is JsonObject, $"{type} carries no metadata");
            Assert.Equal(("D-9001", "demo"), (metadata!["dealId"]!.GetValue<string>(), metadata["stage"]!.GetValue<string>()));
        }

        Assert.Equal("invitee", Assert.Single(Bus.SentEvents(LinkEventTypes.BookingRescheduled)).Event.DataObject()["rescheduledBy"]!.GetValue<string>());
        Assert.Equal("invitee", Assert.Single(Bus.SentEvents(LinkEventTypes.BookingCanceled)).Event.DataObject()["canceledBy"]!.GetValue<string>());
    }
}
