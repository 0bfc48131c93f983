using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using OneTimeLinks.Core.Availability;
using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>The HTTP and storage probes the API specifications share.</summary>
internal static class ApiTestHelpers
{
    public const string CalendarId = "dr-smith";

    /// <summary>Monday 2026-12-07 09:00 in Berlin: the first slot the default calendar offers at the pinned clock (07:00Z = 08:00 Berlin).</summary>
    public static readonly DateTimeOffset FirstSlot = new(2026, 12, 7, 9, 0, 0, TimeSpan.FromHours(1));

    /// <summary>The n-th slot of the default calendar on Monday 2026-12-07 (16 half-hour slots from 09:00 to 17:00 Berlin).</summary>
    public static DateTimeOffset MondaySlot(int index) => FirstSlot.AddMinutes(30 * index);

    /// <summary>The n-th slot of the default calendar counted across weekdays from Monday 2026-12-07.</summary>
    public static DateTimeOffset WeekdaySlot(int index) => FirstSlot.AddDays(index / 16 + (index / 80) * 2).AddMinutes(30 * (index % 16));

    /// <summary>Starts the app and saves the <see cref="CalendarId"/> calendar: the default one, or <paramref name="calendar"/> when given.</summary>
    public static async Task<TestApp> StartWithCalendarAsync(
        AzuriteFixture azurite, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null, object? calendar = null)
    {
        var app = await TestApp.StartAsync(azurite, services: services);
        await app.CreateCalendarAsync(CalendarId, calendar);
        return app;
    }

    /// <summary>Generates a link on <paramref name="calendarId"/> and returns its URL, the one thing most scenarios need of it.</summary>
    public static async Task<string> GenerateLinkUrlAsync(this TestApp app, object? body = null, string calendarId = CalendarId) =>
        (await app.GenerateLinkAsync(calendarId, body))["url"]!.GetValue<string>();

    /// <summary>GET {url} as an API client: JSON, no key.</summary>
    public static Task<HttpResponseMessage> OpenAsync(this TestApp app, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Infrastructure.Api.PathOf(url));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return app.Public.SendAsync(request);
    }

    /// <summary>POST {url}/book with a JSON body, as an API client.</summary>
    public static Task<HttpResponseMessage> BookJsonAsync(
        this TestApp app, string url, DateTimeOffset start, string name = "Jane Doe", string email = "jane@example.com", string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Infrastructure.Api.PathOf(url) + "/book")
        {
            Content = JsonContent.Create(new { start = start.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), name, email }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return app.Public.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> RevokeAsync(this TestApp app, string linkId, string calendarId = CalendarId) =>
        await app.Management.PostAsync(new Uri($"/api/calendars/{calendarId}/links/{linkId}/revoke", UriKind.Relative), content: null);

    public static Task<HttpResponseMessage> GetLinkAsync(this TestApp app, string linkId, string calendarId = CalendarId) =>
        app.Management.GetAsync(new Uri($"/api/calendars/{calendarId}/links/{linkId}", UriKind.Relative));

    public static Task<HttpResponseMessage> ListAsync(this TestApp app, string query = "", string calendarId = CalendarId) =>
        app.Management.GetAsync(new Uri($"/api/calendars/{calendarId}/links{query}", UriKind.Relative));

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Asserts the status and the RFC 9457 media type, and returns the problem.</summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
    }

    public static async Task<JsonObject> AssertJsonAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The secret part of a link URL (after the last '.') and the SHA-256 hex that storage keeps.</summary>
    public static (string Secret, string Hash) SecretOf(string url)
    {
        var secret = url[(url.LastIndexOf('.') + 1)..];
        return (secret, Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret))));
    }

    public static DateTimeOffset Instant(JsonNode? node) =>
        DateTimeOffset.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None);

    /// <summary>
    /// Every row of the app's table, keys only, except the sweep's due index: a hint goes out in the same round as its
    /// transaction, so a valid write that loses a race at commit still leaves one (DueHints); it names no data and the
    /// sweep deletes it on its next visit. Tests that a rejected request writes nothing snapshot that partition too.
    /// </summary>
    public static async Task<List<(string PartitionKey, string RowKey)>> RowsAsync(this TestApp app)
    {
        var rows = new List<(string, string)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ne {TableKeys.DuePartition}");
        await foreach (var row in app.Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"]))
        {
            rows.Add((row.PartitionKey, row.RowKey));
        }

        return rows;
    }

    /// <summary>Every claim the app's agenda rows hold, once each (a claim spanning two UTC dates is in both rows).</summary>
    public static async Task<List<AgendaEntry>> AgendaClaimsAsync(this TestApp app, string calendarId = CalendarId)
    {
        var claims = new List<AgendaEntry>();
        await foreach (var row in app.Table.QueryAsync<AgendaEntity>(
            TableKeys.PrefixFilter(TableKeys.CalendarPartition(calendarId), "agenda|")))
        {
            claims.AddRange(AgendaRows.ToDay(row).Entries);
        }

        return [.. claims.Distinct()];
    }

    /// <summary>How many bookings hold time in the agenda: what keeps two bookings off the same time.</summary>
    public static async Task<int> CountBookingClaimsAsync(this TestApp app, string calendarId = CalendarId) =>
        (await app.AgendaClaimsAsync(calendarId)).Count(claim => claim.Kind == AgendaEntryKind.Booking);

    public static async Task<int> CountRowsAsync(this TestApp app, string rowKeyPrefix = "") =>
        (await app.RowsAsync()).Count(r => r.RowKey.StartsWith(rowKeyPrefix, StringComparison.Ordinal));
}
