using Azure.Messaging.ServiceBus;
using OneTimeLinks.Tests.Events;

namespace OneTimeLinks.Tests.Faults;

/// <summary>
/// Service Bus failing under the lifecycle (generate, book, revoke, cancel): unreachable, throttled, timing out, or
/// taking the message and losing the acknowledgement; and a process that stops between commit and publish. Nothing is
/// lost: a later dispatch publishes every committed change, with its outbox id; a duplicate only ever repeats an id.
/// </summary>
public sealed class ServiceBusFaultTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    public enum BusFault
    {
        Unreachable,
        Throttled,
        ServerTimeout,
        ClientTimeout,
        LostAcknowledgement,
    }

    public static TheoryData<BusFault> Faults() => new(Enum.GetValues<BusFault>());

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Lifecycle_EveryPublishFails_StateStandsAndALaterDispatchPublishesEveryChangeOnceById(BusFault fault)
    {
        var bus = new ServiceBusSenderCapture();
        await using var app = await StartWithCalendarAsync(azurite, bus.Register);
        if (fault == BusFault.LostAcknowledgement)
        {
            bus.LoseNextAcks(100);
        }
        else
        {
            bus.FailNext(100, () => fault switch
            {
                BusFault.Unreachable => new ServiceBusException("Injected.", ServiceBusFailureReason.ServiceCommunicationProblem),
                BusFault.Throttled => new ServiceBusException("Injected.", ServiceBusFailureReason.ServiceBusy),
                BusFault.ServerTimeout => new ServiceBusException("Injected.", ServiceBusFailureReason.ServiceTimeout),
                _ => new TimeoutException("Injected."),
            });
        }

        var (used, revoked) = await LifecycleAsync(app);
        var pending = await OutboxRows.ReadAsync(app, CalendarId);

        // Five changes committed; none published for good, so all five wait in the outbox.
        Assert.Equal(5, pending.Count);
        bus.Heal();
        await OutboxRows.RedeliverAsync(app);

        Assert.Empty(await OutboxRows.ReadAsync(app, CalendarId));
        var sent = bus.SentEvents();
        Assert.All(sent, e => Assert.Equal(e.Event.Id, e.Message.MessageId));
        Assert.Equal(pending.Select(p => p.Id).Order(), sent.Select(e => e.Event.Id).Distinct().Order());
        Assert.All(sent.GroupBy(e => e.Event.Id), same => Assert.Single(same.Select(e => (e.Event.Type, e.Event.Subject)).Distinct()));
        Assert.Equal(fault == BusFault.LostAcknowledgement, sent.Count > pending.Count);
        Assert.Single(sent.Select(e => e.Event).Where(e => e.Type == LinkEventTypes.Used).Select(e => e.Id).Distinct());
        Assert.Contains(sent, e => e.Event.Type == LinkEventTypes.Revoked && e.Event.Subject!.Contains(revoked, StringComparison.Ordinal));
        Assert.Contains(sent, e => e.Event.Type == LinkEventTypes.Used && e.Event.Subject!.Contains(used, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lifecycle_ProcessDropsItsInMemoryWorkAfterEveryCommit_TheSweepPublishesEveryChangeLater()
    {
        var bus = new ServiceBusSenderCapture();
        await using var app = await TestApp.StartAsync(azurite, services: services =>
        {
            bus.Register(services);
            services.AddSingleton<IEventDispatcher, DroppedWork>();
        });
        await app.CreateCalendarAsync(CalendarId);

        await LifecycleAsync(app);
        var pending = await OutboxRows.ReadAsync(app, CalendarId);
        Assert.Empty(bus.Sent);
        Assert.Equal(5, pending.Count);

        await OutboxRows.RedeliverAsync(app);

        Assert.Empty(await OutboxRows.ReadAsync(app, CalendarId));
        Assert.Equal(pending.Select(p => p.Id).Order(), bus.SentEvents().Select(e => e.Event.Id).Order());
    }

    /// <summary>Generate two links, book one and cancel that booking, revoke the other: five committed changes.</summary>
    private static async Task<(string Used, string Revoked)> LifecycleAsync(TestApp app)
    {
        var first = await app.GenerateLinkAsync(CalendarId);
        var second = await app.GenerateLinkAsync(CalendarId);
        using var booked = await app.BookJsonAsync(first["url"]!.GetValue<string>(), FirstSlot);
        var manageUrl = (await booked.AssertJsonAsync(HttpStatusCode.Created))["manageUrl"]!.GetValue<string>();
        using var cancel = await app.Public.PostAsync(Infrastructure.Api.PathOf(manageUrl) + "/cancel", JsonContent.Create(new { }));
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var revoked = second["linkId"]!.GetValue<string>();
        using var revoke = await app.RevokeAsync(revoked);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        return (first["linkId"]!.GetValue<string>(), revoked);
    }

    /// <summary>A process that stops after each commit: the hand-over to the background publisher never runs.</summary>
    private sealed class DroppedWork : IEventDispatcher
    {
        public Task DispatchAsync(IReadOnlyList<LinkEvent> events, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
