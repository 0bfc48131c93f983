using System.Net.Http.Headers;
using System.Text;

namespace OneTimeLinks.Tests.Validation;

/// <summary>The strict input contract (issue #12): bounded expiry, 400 for malformed forms, no caching of public answers.</summary>
public sealed class StrictInputTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private protected override bool CapturesServiceBus => false;

    [Fact]
    public async Task Generate_ExpiryExactlyFiveYearsAhead_Is201AndReadsBackTheSameExpiry()
    {
        var expiry = App.Time.GetUtcNow().AddYears(5);

        var link = await App.GenerateLinkAsync(CalendarId, new { expiresAt = expiry.ToString("yyyy-MM-dd'T'HH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) });
        using var read = await App.GetLinkAsync(link["linkId"]!.GetValue<string>());

        Assert.Equal(expiry, Instant(link["expiresAt"]));
        Assert.Equal(expiry, Instant((await read.AssertJsonAsync(HttpStatusCode.OK))["expiresAt"]));
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "start=2026-12-07T09%3A00%3A00%2B01%3A00&name=a%00b&email=jane%40example.com")]
    [InlineData("application/x-www-form-urlencoded", "start=%zz&name=%&email=%GG")]
    public async Task BookForm_Malformed_Is400AndWritesNothing(string contentType, string body)
    {
        var url = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        var rowsBefore = await App.RowsAsync();

        using var response = await PostFormAsync(App, url, contentType, body);

        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{response.StatusCode}");
        Assert.Equal(rowsBefore, await App.RowsAsync());
    }

    [Fact]
    public async Task BookForm_MultipartWithoutBoundary_Is400()
    {
        var url = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();

        using var response = await PostFormAsync(App, url, "multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nJane\r\n--x--\r\n");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task BookForm_OverTheSizeLimit_Is413()
    {
        var url = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();

        using var response = await PostFormAsync(App, url, "application/x-www-form-urlencoded", "name=" + new string('a', 70_000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PublicJsonAnswers_ActiveUsedUnknownAndManage_AllSendNoStore()
    {
        var url = (await App.GenerateLinkAsync(CalendarId, new { contact = new { name = "Jane Doe", email = "jane@example.com" } }))["url"]!.GetValue<string>();

        using var active = await App.OpenAsync(url);
        using var booked = await App.BookJsonAsync(url, FirstSlot);
        var manageUrl = (await booked.AssertJsonAsync(HttpStatusCode.Created))["manageUrl"]!.GetValue<string>();
        using var used = await App.OpenAsync(url);
        using var unknown = await App.OpenAsync(url[..^4] + "AAAA");
        using var manage = await App.OpenAsync(manageUrl);

        Assert.Equal(HttpStatusCode.OK, active.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, used.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, manage.StatusCode);
        foreach (var response in new[] { active, booked, used, unknown, manage })
        {
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri}: {response.Headers.CacheControl}");
        }
    }

    private static Task<HttpResponseMessage> PostFormAsync(TestApp app, string url, string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, Infrastructure.Api.PathOf(url) + "/book") { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return app.Public.SendAsync(request);
    }
}
