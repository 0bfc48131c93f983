using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Tests.Approval;
using static OneTimeLinks.Tests.Infrastructure.ApiTestHelpers;

namespace OneTimeLinks.Tests.Panel;

/// <summary>
/// Issue 24, "Races": the owner revokes a link in the panel (the same Core revoke as the API, naming the session's
/// actor) while an invitee books through it. Exactly one wins each round, and the stored state and events agree.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PanelRevokeRaceTests(AzuriteFixture azurite, ITestOutputHelper output) : CalendarAppTests(azurite)
{
    private const int Rounds = 20;

    private static readonly EventActor Owner = EventActor.Panel("user-7", "Dana Owner");

    [Fact]
    public async Task PanelRevokeRacingBook_TwentyRounds_ExactlyOneWinsEachRoundAndTheStateAgrees()
    {
        var links = App.Services.GetRequiredService<ILinkService>();
        var bookWins = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var created = await App.GenerateLinkAsync(CalendarId);
            var linkId = created.Text("linkId");
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var book = Task.Run(async () =>
            {
                await gate.Task;
                using var response = await App.BookJsonAsync(created.Text("url"), WeekdaySlot(round));
                return response.StatusCode;
            });
            var revoke = Task.Run(async () =>
            {
                await gate.Task;
                return await links.RevokeAsync(CalendarId, linkId, Owner);
            });
            gate.SetResult();
            var (booked, revoked) = (await book, await revoke);

            var link = await App.LinkStateAsync(linkId);
            if (booked == HttpStatusCode.Created)
            {
                bookWins++;
                var refused = Assert.IsType<RevokeLinkOutcome.NotRevocable>(revoked);
                Assert.Equal(LinkStatus.Used, refused.Status);
                Assert.Equal(("used", 1), (link.Text("status"), link["bookings"]!.AsArray().Count));
            }
            else
            {
                Assert.True(booked == HttpStatusCode.Gone, $"round {round}: book got {(int)booked}");
                Assert.IsType<RevokeLinkOutcome.Revoked>(revoked);
                Assert.Equal(("revoked", 0), (link.Text("status"), link["bookings"]?.AsArray().Count ?? 0));
            }
        }

        await App.Services.GetRequiredService<IBackgroundEventDispatcher>().WhenIdleAsync();
        output.WriteLine($"book won {bookWins} round(s), the panel's revoke {Rounds - bookWins}");
        Assert.Equal(bookWins, await App.CountRowsAsync("booking|"));
        Assert.Equal(bookWins, await App.CountBookingClaimsAsync());
        Assert.Equal(bookWins, Bus.SentEvents(LinkEventTypes.Used).Count);
        var revokedEvents = Bus.SentEvents(LinkEventTypes.Revoked);
        Assert.Equal(Rounds - bookWins, revokedEvents.Count);
        Assert.All(revokedEvents, e => Assert.Equal("panel", e.Event.DataObject()["actor"]!["type"]!.GetValue<string>()));
    }
}
