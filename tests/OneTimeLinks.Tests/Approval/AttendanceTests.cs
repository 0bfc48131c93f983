using OneTimeLinks.Tests.BookingChanges;

namespace OneTimeLinks.Tests.Approval;

/// <summary>Issue 23, attendance: the owner marks showed / noShow / unknown on a confirmed booking once its start has passed.</summary>
public sealed class AttendanceTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private async Task<string> BookAsync(DateTimeOffset start) => (await App.BookNewLinkAsync(start)).Booking.Text("bookingId");

    [Fact]
    public async Task MarkAttendance_BeforeTheStart_409AndNothingPublished()
    {
        var bookingId = await BookAsync(FirstSlot);

        using var response = await App.MarkAttendanceAsync(bookingId, "showed");

        Assert.Equal("urn:onetimelinks:problem:attendance-not-allowed", (await response.AssertProblemAsync(HttpStatusCode.Conflict)).Text("type"));
        Assert.Equal("unknown", (await App.BookingStateAsync(bookingId)).Text("attendance"));
        Assert.Empty(Bus.SentEvents(LinkEventTypes.BookingAttendanceMarked));
    }

    [Fact]
    public async Task MarkAttendance_AfterTheStart_MarkedOnce_RepeatsPublishNothing_AChangePublishesPreviousAndNew()
    {
        var bookingId = await BookAsync(FirstSlot);
        App.Time.Advance(TimeSpan.FromHours(3));

        using (var first = await App.MarkAttendanceAsync(bookingId, "showed", "On time"))
        {
            var marked = await first.AssertJsonAsync(HttpStatusCode.OK);
            Assert.Equal("showed", marked.Text("attendance"));
            Assert.Equal("On time", marked.Text("attendanceNote"));
        }

        using (var repeat = await App.MarkAttendanceAsync(bookingId, "showed"))
        {
            Assert.Equal("showed", (await repeat.AssertJsonAsync(HttpStatusCode.OK)).Text("attendance"));
        }

        var data = Assert.Single(Bus.SentEvents(LinkEventTypes.BookingAttendanceMarked)).Event.DataObject();
        Assert.Equal("unknown", data["previousStatus"]!.GetValue<string>());
        Assert.Equal("showed", data["status"]!.GetValue<string>());

        using (var change = await App.MarkAttendanceAsync(bookingId, "noShow"))
        {
            Assert.Equal("noShow", (await change.AssertJsonAsync(HttpStatusCode.OK)).Text("attendance"));
        }

        var events = Bus.SentEvents(LinkEventTypes.BookingAttendanceMarked);
        Assert.Equal(2, events.Count);
        var second = events[1].Event.DataObject();
        Assert.Equal("showed", second["previousStatus"]!.GetValue<string>());
        Assert.Equal("noShow", second["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task MarkAttendance_CanceledBookingOrBadStatus_409Or422()
    {
        var bookingId = await BookAsync(FirstSlot);
        (await App.CrmCancelAsync(bookingId)).Dispose();
        App.Time.Advance(TimeSpan.FromHours(3));

        using var canceled = await App.MarkAttendanceAsync(bookingId, "showed");
        await canceled.AssertProblemAsync(HttpStatusCode.Conflict);
        using var bad = await App.MarkAttendanceAsync(bookingId, "late");
        var problem = await bad.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("status", problem["errors"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(Bus.SentEvents(LinkEventTypes.BookingAttendanceMarked));
    }

    [Fact]
    public async Task List_AttendanceFilter_ReturnsOnlyThoseMarkedSo()
    {
        var showed = await BookAsync(FirstSlot);
        var noShow = await BookAsync(FirstSlot.AddHours(1));
        var unmarked = await BookAsync(FirstSlot.AddHours(2));
        App.Time.Advance(TimeSpan.FromHours(6));
        (await App.MarkAttendanceAsync(showed, "showed")).Dispose();
        (await App.MarkAttendanceAsync(noShow, "noShow")).Dispose();

        var window = $"from={Uri.EscapeDataString(FirstSlot.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(FirstSlot.AddDays(1).ToString("O"))}";
        foreach (var (filter, id) in new[] { ("showed", showed), ("noShow", noShow), ("unknown", unmarked) })
        {
            using var response = await App.Management.GetAsync($"/api/calendars/{CalendarId}/bookings?{window}&attendance={filter}");
            var list = (await response.AssertJsonAsync(HttpStatusCode.OK))["bookings"]!.AsArray();
            Assert.Equal(id, Assert.Single(list)!["bookingId"]!.GetValue<string>());
        }

        using var bad = await App.Management.GetAsync($"/api/calendars/{CalendarId}/bookings?{window}&attendance=late");
        await bad.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }
}
