using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Sweeping;

namespace OneTimeLinks.Tests.Links;

/// <summary>Who acted, in the events of management changes (issue 24, "Rules": <c>actor</c>).</summary>
public sealed class LinkActorEventTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private async Task<string> GenerateAsync(object? body = null) =>
        (await App.GenerateLinkAsync(CalendarId, body))["linkId"]!.GetValue<string>();

    [Fact]
    public async Task RevokeThroughTheApi_RevokedEventCarriesTheApiActor()
    {
        var linkId = await GenerateAsync();

        await App.RevokeAsync(linkId);

        var data = Assert.Single(Bus.SentEvents(LinkEventTypes.Revoked)).Event.DataObject();
        Assert.Equal("""{"type":"api"}""", data["actor"]!.ToJsonString());
    }

    [Fact]
    public async Task RevokeAndUpdateByAPanelActor_EventsNameTheSessionsActor()
    {
        var links = App.Services.GetRequiredService<ILinkService>();
        var edited = await GenerateAsync();
        var revoked = await GenerateAsync();
        var actor = EventActor.Panel("user-7", "Dana Owner");

        Assert.IsType<UpdateLinkOutcome.Updated>(await links.UpdateAsync(CalendarId, edited, new LinkPatchRequest { Note = "n" }, actor));
        Assert.IsType<RevokeLinkOutcome.Revoked>(await links.RevokeAsync(CalendarId, revoked, actor));
        await App.Services.GetRequiredService<IBackgroundEventDispatcher>().WhenIdleAsync();

        const string Expected = """{"type":"panel","id":"user-7","name":"Dana Owner"}""";
        Assert.Equal(Expected, Assert.Single(Bus.SentEvents(LinkEventTypes.Updated)).Event.DataObject()["actor"]!.ToJsonString());
        Assert.Equal(Expected, Assert.Single(Bus.SentEvents(LinkEventTypes.Revoked)).Event.DataObject()["actor"]!.ToJsonString());
    }

    [Fact]
    public async Task ExpiredBySweep_EventCarriesNoActor()
    {
        await GenerateAsync(new { expiresAt = TestApp.DefaultNow.AddMinutes(5).ToString("O") });
        App.Time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(1, (await App.Services.GetRequiredService<ISweepService>().SweepAsync()).Expired);

        Assert.False(Assert.Single(Bus.SentEvents(LinkEventTypes.Expired)).Event.DataObject().ContainsKey("actor"));
    }
}
