using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using OneTimeLinks.Core.Sweeping;
using OneTimeLinks.Tests.Events;

namespace OneTimeLinks.Tests.Links;

/// <summary><c>PATCH /api/calendars/{calendarId}/links/{linkId}</c> (issue 24, "Edit an active link").</summary>
public sealed class LinkUpdateApiTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private Task<HttpResponseMessage> PatchAsync(string linkId, string json, string contentType = "application/merge-patch+json")
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return App.Management.PatchAsync(new Uri($"/api/calendars/{CalendarId}/links/{linkId}", UriKind.Relative), content);
    }

    private async Task<string> GenerateAsync(object? body = null) =>
        (await App.GenerateLinkAsync(CalendarId, body))["linkId"]!.GetValue<string>();

    [Fact]
    public async Task Patch_Note_ChangesOnlyTheNoteAndPublishesOneUpdatedEventByTheApi()
    {
        var expiresAt = TestApp.DefaultNow.AddDays(3);
        var linkId = await GenerateAsync(new { note = "first", expiresAt = Iso(expiresAt), contact = new { id = "crm-42" } });

        using var response = await PatchAsync(linkId, """{"note":"called Jane, sent again"}""");

        var link = await response.AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("called Jane, sent again", link["note"]!.GetValue<string>());
        Assert.Equal(expiresAt, Instant(link["expiresAt"]));
        Assert.Equal("active", link["status"]!.GetValue<string>());
        var read = await (await App.GetLinkAsync(linkId)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("called Jane, sent again", read["note"]!.GetValue<string>());

        var (message, cloudEvent) = Assert.Single(Bus.SentEvents(LinkEventTypes.Updated));
        Assert.Equal(cloudEvent.Id, message.MessageId);
        Assert.Equal($"calendars/{CalendarId}/links/{linkId}", cloudEvent.Subject);
        Assert.Equal(LinkEventTypes.Updated, message.ApplicationProperties[ServiceBusEventPublisher.EventTypeProperty]);
        var data = cloudEvent.DataObject();
        Assert.Equal(linkId, data["linkId"]!.GetValue<string>());
        Assert.Equal(["note"], data["changed"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("called Jane, sent again", data["note"]!.GetValue<string>());
        Assert.Equal(expiresAt, data["expiresAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("crm-42", data["contactId"]!.GetValue<string>());
        Assert.Equal("""{"type":"api"}""", data["actor"]!.ToJsonString());
        Assert.Empty(await OutboxRows.ReadAsync(App, CalendarId));
    }

    [Fact]
    public async Task Patch_ExpiresAt_MovesTheExpiryIndexAndTheSweepExpiresAtTheNewInstant()
    {
        var linkId = await GenerateAsync(new { expiresAt = Iso(TestApp.DefaultNow.AddHours(1)) });
        var later = TestApp.DefaultNow.AddHours(5);

        var link = await (await PatchAsync(linkId, $$"""{"expiresAt":"{{Iso(later)}}"}""")).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(later, Instant(link["expiresAt"]));
        Assert.Equal(1, await App.CountRowsAsync("expiry|"));
        var sweep = App.Services.GetRequiredService<ISweepService>();
        App.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, (await sweep.SweepAsync()).Expired);
        Assert.Equal("active", (await (await App.GetLinkAsync(linkId)).AssertJsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
        App.Time.Advance(TimeSpan.FromHours(4));
        Assert.Equal(1, (await sweep.SweepAsync()).Expired);
        var data = Assert.Single(Bus.SentEvents(LinkEventTypes.Updated)).Event.DataObject();
        Assert.Equal(["expiresAt"], data["changed"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task Patch_ExpiresAtNull_RemovesTheExpiryAndItsIndexRow()
    {
        var linkId = await GenerateAsync(new { expiresAt = Iso(TestApp.DefaultNow.AddHours(1)), note = "kept" });

        var link = await (await PatchAsync(linkId, """{"expiresAt":null}""")).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Null(link["expiresAt"]);
        Assert.Equal("kept", link["note"]!.GetValue<string>());
        Assert.Equal(0, await App.CountRowsAsync("expiry|"));
        App.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal("active", (await (await App.GetLinkAsync(linkId)).AssertJsonAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_SameValuesAgain_Is200AndPublishesNothingMore()
    {
        var linkId = await GenerateAsync();
        await (await PatchAsync(linkId, """{"note":"n"}""")).AssertJsonAsync(HttpStatusCode.OK);
        var rows = await App.RowsAsync();

        await (await PatchAsync(linkId, """{"note":"n"}""")).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Single(Bus.SentEvents(LinkEventTypes.Updated));
        Assert.Equal(rows, await App.RowsAsync());
    }

    [Fact]
    public async Task Patch_UsedLink_Is409AndChangesNothing()
    {
        var created = await App.GenerateLinkAsync(CalendarId, new { note = "before" });
        var url = created["url"]!.GetValue<string>();
        using var booked = await App.BookAsync(url, await App.FirstSlotAsync(url));
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var linkId = created["linkId"]!.GetValue<string>();
        var rows = await App.RowsAsync();

        var problem = await (await PatchAsync(linkId, """{"note":"after"}""")).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("used", problem["linkStatus"]!.GetValue<string>());
        Assert.Equal(rows, await App.RowsAsync());
        Assert.Empty(Bus.SentEvents(LinkEventTypes.Updated));
    }

    [Fact]
    public async Task Patch_RevokedOrExpiredLink_Is409()
    {
        var revoked = await GenerateAsync();
        await App.RevokeAsync(revoked);
        var expiring = await GenerateAsync(new { expiresAt = Iso(TestApp.DefaultNow.AddMinutes(10)) });
        App.Time.Advance(TimeSpan.FromMinutes(10));

        var first = await (await PatchAsync(revoked, """{"note":"x"}""")).AssertProblemAsync(HttpStatusCode.Conflict);
        var second = await (await PatchAsync(expiring, """{"expiresAt":null}""")).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("revoked", first["linkStatus"]!.GetValue<string>());
        Assert.Equal("expired", second["linkStatus"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("0000000000000000000")]
    [InlineData("not-a-link")]
    public async Task Patch_UnknownLink_Is404(string linkId)
    {
        await (await PatchAsync(linkId, """{"note":"x"}""")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{}""", HttpStatusCode.UnprocessableEntity, "")]
    [InlineData("""{"expiresAt":"2020-01-01T00:00:00Z"}""", HttpStatusCode.UnprocessableEntity, "expiresAt")]
    [InlineData("""{"expiresAt":"tomorrow"}""", HttpStatusCode.UnprocessableEntity, "expiresAt")]
    [InlineData("""{"expiresAt":"2040-01-01T00:00:00Z"}""", HttpStatusCode.UnprocessableEntity, "expiresAt")]
    [InlineData("""{"note":"a\u0007b"}""", HttpStatusCode.UnprocessableEntity, "note")]
    [InlineData("""{"note":42}""", HttpStatusCode.BadRequest, "note")]
    [InlineData("""[]""", HttpStatusCode.BadRequest, "")]
    public async Task Patch_BadInput_IsAProblemNamingTheFieldAndWritesNothing(string json, HttpStatusCode status, string field)
    {
        var linkId = await GenerateAsync(new { note = "unchanged" });
        var rows = await App.RowsAsync();

        var problem = await (await PatchAsync(linkId, json)).AssertProblemAsync(status);

        Assert.Equal([field], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(rows, await App.RowsAsync());
    }

    [Fact]
    public async Task Patch_NoteOf501Characters_Is422()
    {
        var linkId = await GenerateAsync();

        var problem = await (await PatchAsync(linkId, $$"""{"note":"{{new string('n', 501)}}"}""", "application/json")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["note"], problem["errors"]!.AsObject().Select(e => e.Key));
    }
}
