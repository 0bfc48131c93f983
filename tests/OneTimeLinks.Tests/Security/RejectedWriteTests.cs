using Azure.Data.Tables;
using OneTimeLinks.Tests.Availability;

namespace OneTimeLinks.Tests.Security;

/// <summary>
/// A request that is rejected, or that carries no valid token, leaves every row as it was, the sweep's due index
/// included: no one can create rows, or make the sweep visit calendars, by sending requests for ids of their choosing.
/// Each case runs in a fresh minute, so no earlier write's due hint can hide one it would add.
/// </summary>
public sealed class RejectedWriteTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private const string Unknown = "no-such-calendar";

    private protected override bool CapturesServiceBus => false;

    [Fact]
    public async Task Book_RandomCalendarId_WritesNothing()
    {
        var url = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        var forged = url.Replace($"/{CalendarId}.", $"/cal-{Guid.NewGuid():N}.", StringComparison.Ordinal);
        Assert.NotEqual(url, forged);

        await AssertWritesNothingAsync(() => App.BookJsonAsync(forged, MondaySlot(0)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Book_RealCalendarAndLink_ForgedSecret_WritesNothing()
    {
        var url = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        var forged = url[..(url.LastIndexOf('.') + 1)] + new string('A', 43);

        await AssertWritesNothingAsync(() => App.BookJsonAsync(forged, MondaySlot(0)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Generate_UnknownCalendar_WritesNothing()
    {
        await AssertWritesNothingAsync(
            () => App.Management.PostAsJsonAsync($"/api/calendars/{Unknown}/links", new { }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Batch_UnknownCalendar_WritesNothing()
    {
        var items = new[] { new { requestId = "crm-1" }, new { requestId = "crm-2" } };

        await AssertWritesNothingAsync(
            () => App.Management.PostAsJsonAsync($"/api/calendars/{Unknown}/links/batch", new { links = items }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PutBusy_UnknownCalendar_WritesNothing()
    {
        await AssertWritesNothingAsync(
            () => App.PutBusyAsync("meeting", MondaySlot(0), MondaySlot(2), calendarId: Unknown), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SyncBusyWindow_UnknownCalendar_WritesNothing()
    {
        var from = MondaySlot(0).Date;
        var body = new { intervals = new[] { new { id = "meeting", start = BusyApi.Iso(MondaySlot(0)), end = BusyApi.Iso(MondaySlot(2)) } } };

        await AssertWritesNothingAsync(
            () => App.Management.PutAsJsonAsync(
                $"/api/calendars/{Unknown}/busy?from={Uri.EscapeDataString(BusyApi.Iso(from))}&to={Uri.EscapeDataString(BusyApi.Iso(from.AddDays(1)))}", body),
            HttpStatusCode.NotFound);
    }

    private async Task AssertWritesNothingAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
    {
        // A minute no earlier write hinted: a due row this request added could not hide behind an existing one.
        App.Time.Advance(TimeSpan.FromMinutes(7));
        var before = await AllRowsAsync(App);

        using var response = await send();

        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {response.StatusCode}.");
        Assert.Equal(before, await AllRowsAsync(App));
    }

    /// <summary>Every row of the table, the due index included, with its ETag: an update shows as well as an insert.</summary>
    private static async Task<List<string>> AllRowsAsync(TestApp app)
    {
        var rows = new List<string>();
        await foreach (var row in app.Table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            rows.Add($"{row.PartitionKey} / {row.RowKey} / {row.ETag}");
        }

        return rows;
    }
}
