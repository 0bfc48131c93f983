using OneTimeLinks.Core.Availability;
using OneTimeLinks.Tests.Pages;

namespace OneTimeLinks.Tests.Availability;

/// <summary>
/// A busy sync deletes exactly the stored intervals that start inside its window and are not in its body, seen from the
/// invitee's booking page and from storage: the freed times are offered again, both rows of each deleted interval are gone,
/// and an interval that starts outside the window is kept even where it reaches into it.
/// </summary>
public sealed class BusySyncDeletionTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    /// <summary>Tuesday 2026-12-08 00:00 Berlin: the window is that Tuesday.</summary>
    private static readonly DateTimeOffset Tuesday = new(2026, 12, 8, 0, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task SyncBusy_EmptyBody_DeletesOnlyWhatStartsInTheWindowAndTheBookingPageOffersThoseTimesAgain()
    {
        var (_, path, _) = await App.LinkAsync();
        (await App.PutBusyAsync("reaching-in", Tuesday.AddHours(-1), Tuesday.AddHours(9.5))).Dispose();
        (await App.PutBusyAsync("morning", Tuesday.AddHours(10), Tuesday.AddHours(11))).Dispose();
        (await App.PutBusyAsync("late", Tuesday.AddHours(16), Tuesday.AddHours(17))).Dispose();
        (await App.PutBusyAsync("next-day", Tuesday.AddDays(1).AddHours(9), Tuesday.AddDays(1).AddHours(10))).Dispose();
        Assert.DoesNotContain(PageTestHelpers.RadioValue(Tuesday.AddHours(10)), await App.OfferedOnPageAsync(path));

        using var synced = await App.SyncBusyAsync(Tuesday, Tuesday.AddDays(1), new { intervals = Array.Empty<object>() });
        Assert.Equal(2, (await synced.AssertJsonAsync(HttpStatusCode.OK))["deleted"]!.GetValue<int>());

        var offered = await App.OfferedOnPageAsync(path);
        Assert.Contains(PageTestHelpers.RadioValue(Tuesday.AddHours(10)), offered);
        Assert.Contains(PageTestHelpers.RadioValue(Tuesday.AddHours(10.5)), offered);
        Assert.Contains(PageTestHelpers.RadioValue(Tuesday.AddHours(16.5)), offered);
        Assert.Contains(PageTestHelpers.RadioValue(Tuesday.AddHours(9.5)), offered);
        Assert.DoesNotContain(PageTestHelpers.RadioValue(Tuesday.AddHours(9)), offered);
        Assert.DoesNotContain(PageTestHelpers.RadioValue(Tuesday.AddDays(1).AddHours(9)), offered);

        using var list = await App.ListBusyAsync(Tuesday.AddDays(-1), Tuesday.AddDays(2));
        Assert.Equal(["reaching-in", "next-day"], (await list.AssertJsonAsync(HttpStatusCode.OK))["intervals"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal((2, 2), (await App.CountRowsAsync("busy|"), await App.CountRowsAsync("busyat|")));
        Assert.Equal(2, (await App.AgendaClaimsAsync()).Count(claim => claim.Kind == AgendaEntryKind.Busy));
    }
}
