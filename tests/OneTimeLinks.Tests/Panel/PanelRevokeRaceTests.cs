using OneTimeLinks.Tests.Approval;
using Xunit.Abstractions;
using static OneTimeLinks.Tests.Pages.PageTestHelpers;

namespace OneTimeLinks.Tests.Panel;

/// <summary>
/// Issue 24, "Races": the owner revokes a link through the panel's form (the same Core revoke as the API, naming the
/// session's actor) while an invitee books through it. Exactly one wins each round, and the stored state and events agree.
/// </summary>
public sealed class PanelRevokeRaceTests(AzuriteFixture azurite, ITestOutputHelper output) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private const int Rounds = 20;

    [Fact]
    public async Task PanelRevokeRacingBook_TwentyRounds_ExactlyOneWinsEachRoundAndTheStateAgrees()
    {
        var panel = await App.MintPanelPathAsync(new { actor = new { id = "user-7", name = "Dana Owner" } });
        var bookWins = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var created = await App.GenerateLinkAsync(ApiTestHelpers.CalendarId);
            var linkId = created.Text("linkId");
            var revokePath = $"{panel}/links/{linkId}/revoke";
            var (_, confirmPage) = await App.Browser().GetPageAsync(revokePath);
            var formToken = PanelTestHelpers.FormTokenOf(confirmPage);

            var results = await Race.AllAsync(2, i => i == 0
                ? App.BookJsonAsync(created.Text("url"), ApiTestHelpers.WeekdaySlot(round))
                : PanelRevokeAsync(revokePath, formToken));
            var (book, revoke) = (results[0], results[1]);

            var link = await App.LinkStateAsync(linkId);
            if (book.Status == HttpStatusCode.Created)
            {
                bookWins++;
                Assert.True(revoke.Status == HttpStatusCode.Conflict, $"round {round}: book won but the panel's revoke got {(int)revoke.Status}");
                Assert.Equal(("used", 1), (link.Text("status"), link["bookings"]!.AsArray().Count));
            }
            else
            {
                Assert.True(book.Status == HttpStatusCode.Gone, $"round {round}: book got {(int)book.Status} {book.Body}");
                Assert.True(revoke.Status == HttpStatusCode.SeeOther, $"round {round}: the panel's revoke got {(int)revoke.Status}");
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

    private async Task<HttpResponseMessage> PanelRevokeAsync(string path, string formToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("formToken", formToken)]),
        };
        request.Headers.TryAddWithoutValidation("Origin", PanelTestHelpers.PanelOrigin);
        return await App.Browser().SendAsync(request);
    }
}
