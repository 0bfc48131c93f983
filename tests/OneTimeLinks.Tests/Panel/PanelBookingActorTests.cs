using OneTimeLinks.Core.Bookings;
using OneTimeLinks.Tests.Approval;
using OneTimeLinks.Tests.BookingChanges;

namespace OneTimeLinks.Tests.Panel;

/// <summary>
/// Issue 24, "Rules": the owner's answers to a booking (cancel, confirm, decline) name who acted, as revoke and edit do:
/// the API as <c>{"type":"api"}</c>, an owner in the panel as the session's actor; the invitee and the sweep name nobody.
/// </summary>
public sealed class PanelBookingActorTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private const string ApiActor = """{"type":"api"}""";
    private const string PanelActor = """{"type":"panel","id":"user-7","name":"Dana Owner"}""";

    private static readonly EventActor Owner = EventActor.Panel("user-7", "Dana Owner");

    private protected override object? Calendar => ApprovalApi.ApprovalCalendar(deadlineHours: 1);

    private IBookingChangeService Bookings => App.Services.GetRequiredService<IBookingChangeService>();

    private async Task<(string BookingId, string ManageUrl)> RequestAsync(int slot)
    {
        var (booking, _) = await App.BookNewLinkAsync(WeekdaySlot(slot));
        return (booking.Text("bookingId"), booking.Text("manageUrl"));
    }

    private async Task<string?> ActorOfAsync(string type, string bookingId)
    {
        await App.Services.GetRequiredService<IBackgroundEventDispatcher>().WhenIdleAsync();
        var data = Assert.Single(Bus.SentEvents(type).Select(e => e.Event.DataObject()), d => d["bookingId"]!.GetValue<string>() == bookingId);
        return data["actor"]?.ToJsonString();
    }

    [Fact]
    public async Task ConfirmDeclineAndCancelThroughTheApi_EventsCarryTheApiActor()
    {
        var (confirmed, _) = await RequestAsync(0);
        var (declined, _) = await RequestAsync(1);
        (await App.ConfirmAsync(confirmed)).Dispose();
        (await App.DeclineAsync(declined, "away")).Dispose();
        (await App.CrmCancelAsync(confirmed, "ill")).Dispose();

        Assert.Equal(ApiActor, await ActorOfAsync(LinkEventTypes.BookingConfirmed, confirmed));
        Assert.Equal(ApiActor, await ActorOfAsync(LinkEventTypes.BookingDeclined, declined));
        Assert.Equal(ApiActor, await ActorOfAsync(LinkEventTypes.BookingCanceled, confirmed));
    }

    [Fact]
    public async Task ConfirmDeclineAndCancelByAPanelActor_EventsNameTheSessionsActor()
    {
        var (confirmed, _) = await RequestAsync(0);
        var (declined, _) = await RequestAsync(1);

        Assert.IsType<ChangeBookingOutcome.Changed>(await Bookings.ConfirmAsync(CalendarId, confirmed, Owner));
        Assert.IsType<ChangeBookingOutcome.Changed>(await Bookings.DeclineAsync(CalendarId, declined, new DeclineBookingRequest("away", null), Owner));
        Assert.IsType<ChangeBookingOutcome.Changed>(await Bookings.CancelAsync(CalendarId, confirmed, new CancelBookingRequest("ill"), Owner));

        Assert.Equal(PanelActor, await ActorOfAsync(LinkEventTypes.BookingConfirmed, confirmed));
        Assert.Equal(PanelActor, await ActorOfAsync(LinkEventTypes.BookingDeclined, declined));
        Assert.Equal(PanelActor, await ActorOfAsync(LinkEventTypes.BookingCanceled, confirmed));
    }

    [Fact]
    public async Task InviteeCancelAndDeadlineDecline_EventsCarryNoActor()
    {
        var (canceled, manageUrl) = await RequestAsync(0);
        var (overdue, _) = await RequestAsync(1);
        (await App.ManageCancelAsync(manageUrl)).Dispose();
        App.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, (await App.SweepAsync()).Declined);

        Assert.Null(await ActorOfAsync(LinkEventTypes.BookingCanceled, canceled));
        Assert.Null(await ActorOfAsync(LinkEventTypes.BookingDeclined, overdue));
    }
}
