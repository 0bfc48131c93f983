using System.Net.Http.Headers;
using OneTimeLinks.Core.Bookings;

namespace OneTimeLinks.Tests.InviteeBooking;

/// <summary>One anonymous open has a bounded cost: a 24/7 calendar of 5-minute slots over a year is paged, not sent whole.</summary>
public sealed class SlotWindowTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private static readonly object[] AllDay = [new { start = "00:00", end = "24:00" }];

    /// <summary>Round the clock, every day, 5-minute slots, a year ahead: the densest calendar a CRM can save.</summary>
    private protected override object Calendar { get; } = new
    {
        name = "Round the clock", timeZone = "UTC", slotMinutes = 5, horizonDays = 365,
        availability = new { monday = AllDay, tuesday = AllDay, wednesday = AllDay, thursday = AllDay, friday = AllDay, saturday = AllDay, sunday = AllDay },
    };

    [Fact]
    public async Task Open_DenseCalendarOverAYear_AnswersAtMost500SlotsPerPage_AndPagesFollowOnWithoutGapsOrRepeats()
    {
        var url = await App.GenerateLinkUrlAsync();

        var starts = new List<DateTimeOffset>();
        string? from = null;
        for (var page = 0; page < 3; page++)
        {
            using var response = await App.OpenAsync(from is null ? url : url + "?from=" + Uri.EscapeDataString(from));
            var bytes = (await response.Content.ReadAsByteArrayAsync()).Length;
            var body = await response.AssertJsonAsync(HttpStatusCode.OK);
            var slots = body["slots"]!.AsArray().Select(s => Instant(s!["start"])).ToList();

            Assert.Equal(SlotWindow.MaxSlots, slots.Count);
            Assert.True(bytes < 64 * 1024, $"page {page}: {bytes} bytes");
            Assert.Equal(slots[^1].AddMinutes(5), Instant(body["nextFrom"]));
            starts.AddRange(slots);
            from = body["nextFrom"]!.GetValue<string>();
        }

        // 1,500 consecutive 5-minute slots: every page begins where the one before ended.
        Assert.Equal(Enumerable.Range(0, 1500).Select(i => starts[0].AddMinutes(5 * i)), starts);
    }

    [Fact]
    public async Task OpenPage_DenseCalendarOverAYear_IsBoundedAndLinksToLaterTimes()
    {
        var url = await App.GenerateLinkUrlAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, Infrastructure.Api.PathOf(url));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await App.Public.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(html.Length < 512 * 1024, $"{html.Length} characters");
        Assert.Equal(SlotWindow.MaxSlots, html.Split("name=\"start\"").Length - 1);
        Assert.Contains("?from=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_FromNotRfc3339_Is422NamingFrom()
    {
        var url = await App.GenerateLinkUrlAsync();

        using var response = await App.OpenAsync(url + "?from=12%2F10%2F2030");

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["from"], problem["errors"]!.AsObject().Select(e => e.Key));
    }
}
