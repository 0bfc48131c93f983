using System.Net.Http.Headers;
using Azure.Data.Tables;
using OneTimeLinks.Tests.BookingChanges;

namespace OneTimeLinks.Tests.Security;

/// <summary>
/// A manage URL is a capability: the right calendar and booking ids are public enough (they travel in events and CRM
/// screens), so only the secret's hash may open it. Every manage route, with every way a secret can be wrong, must answer
/// as for an unknown token, show none of the booking, and change no row.
/// </summary>
public sealed class ForgedManageUrlTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    private const string TargetName = "Alice Target";
    private const string TargetEmail = "alice.target@example.com";
    private static readonly DateTimeOffset Nine = FirstSlot;

    private protected override bool CapturesServiceBus => false;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in new[] { "view-html", "read-json", "reschedule", "cancel" })
        {
            foreach (var secret in new[] { "another-bookings", "truncated", "transposed", "swapped-ids" })
            {
                data.Add(route, secret);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ManageRoutes_ForgedTruncatedOrSwappedSecret_404LikeAnUnknownTokenShowNothingAndChangeNothing(string route, string secret)
    {
        var target = await BookAsync(Nine, TargetName, TargetEmail);
        var other = await BookAsync(Nine.AddHours(1), "Bob Other", "bob.other@example.com");
        var forged = Forge(target, other, secret);
        var before = await RowsAsync();

        using var response = await SendAsync(route, forged);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(TargetName, body, StringComparison.Ordinal);
        Assert.DoesNotContain(TargetEmail, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Bob Other", body, StringComparison.Ordinal);
        Assert.Equal(before, await RowsAsync());
    }

    /// <summary>The target's ids with a wrong secret, or (swapped-ids) the other booking's ids with the target's secret.</summary>
    private static string Forge(string target, string other, string how)
    {
        var targetPrefix = target[..(target.LastIndexOf('.') + 1)];
        var targetSecret = target[(target.LastIndexOf('.') + 1)..];
        var otherPrefix = other[..(other.LastIndexOf('.') + 1)];
        var otherSecret = other[(other.LastIndexOf('.') + 1)..];
        return how switch
        {
            "another-bookings" => targetPrefix + otherSecret,
            "truncated" => targetPrefix + targetSecret[..^1],
            "transposed" => targetPrefix + Transposed(targetSecret),
            "swapped-ids" => otherPrefix + targetSecret,
            _ => throw new ArgumentOutOfRangeException(nameof(how)),
        };
    }

    /// <summary>The first two neighbouring characters that differ, swapped: a typo that is never the secret itself.</summary>
    private static string Transposed(string secret)
    {
        var i = Enumerable.Range(0, secret.Length - 1).First(at => secret[at] != secret[at + 1]);
        return string.Concat(secret.AsSpan(0, i), secret.AsSpan(i + 1, 1), secret.AsSpan(i, 1), secret.AsSpan(i + 2));
    }

    private async Task<string> BookAsync(DateTimeOffset start, string name, string email)
    {
        var url = (await App.GenerateLinkAsync(CalendarId))["url"]!.GetValue<string>();
        using var response = await App.BookJsonAsync(url, start, name, email);
        return (await response.AssertJsonAsync(HttpStatusCode.Created))["manageUrl"]!.GetValue<string>();
    }

    private Task<HttpResponseMessage> SendAsync(string route, string manageUrl)
    {
        switch (route)
        {
            case "view-html":
                var page = new HttpRequestMessage(HttpMethod.Get, Api.PathOf(manageUrl));
                page.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
                return App.Public.SendAsync(page);
            case "read-json":
                return App.ManageGetAsync(manageUrl);
            case "reschedule":
                return App.ManageRescheduleAsync(manageUrl, Nine.AddHours(3), "forged-move-01");
            case "cancel":
                return App.ManageCancelAsync(manageUrl, "forged-cancel-01");
            default:
                throw new ArgumentOutOfRangeException(nameof(route));
        }
    }

    private async Task<List<string>> RowsAsync()
    {
        var rows = new List<string>();
        // The sweep's due hints are §2's concern (anonymous writes) and have their own tests.
        await foreach (var row in App.Table.QueryAsync<TableEntity>(r => r.PartitionKey != "due"))
        {
            rows.Add($"{row.PartitionKey} {row.RowKey} {row.ETag}");
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
