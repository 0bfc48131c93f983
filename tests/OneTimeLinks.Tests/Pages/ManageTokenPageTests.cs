using System.Text.RegularExpressions;
using Azure.Data.Tables;

namespace OneTimeLinks.Tests.Pages;

/// <summary>
/// The manage token of a booking made through the page: it reaches the invitee only in an HttpOnly, SameSite=Strict
/// cookie for the confirmation page's path (never in a URL the browser shows), that page links to the manage page
/// with it, it is the used event's manageUrl, and storage holds only its hash.
/// </summary>
public sealed partial class ManageTokenPageTests(AzuriteFixture azurite) : CalendarAppTests(azurite), IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task FormBooking_ManageToken_OnlyInTheConfirmationCookieItsLinkAndTheUsedEventAndStoredAsAHash()
    {
        var (_, path, _) = await App.LinkAsync();
        var browser = App.Browser();
        var (open, page) = await browser.GetPageAsync(path);
        open.Dispose();

        var (booked, _) = await browser.PostFormAsync(path + "/book", PageTestHelpers.FormFrom(page, PageTestHelpers.FirstSlotValue));
        using (booked)
        {
            Assert.Equal(HttpStatusCode.SeeOther, booked.StatusCode);
        }

        var location = booked.Headers.Location!.OriginalString;
        var setCookie = Assert.Single(booked.Headers.GetValues("Set-Cookie"));
        var cookie = ManageCookie().Match(setCookie);
        Assert.True(cookie.Success, setCookie);
        var token = Uri.UnescapeDataString(cookie.Groups[1].Value);
        var secret = token[(token.LastIndexOf('.') + 1)..];
        Assert.Contains("path=" + location.Split('?')[0], setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(secret, location, StringComparison.Ordinal);

        var manageUrl = Assert.Single(Bus.SentEvents(LinkEventTypes.Used)).Event.DataObject()["manageUrl"]!.GetValue<string>();
        Assert.Equal("/api/m/" + token, Api.PathOf(manageUrl));

        using var withCookie = new HttpRequestMessage(HttpMethod.Get, location);
        withCookie.Headers.Add("Cookie", $"otl_manage={cookie.Groups[1].Value}");
        using var confirmation = await browser.SendAsync(withCookie);
        var html = await confirmation.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, confirmation.StatusCode);
        Assert.Contains($"class=\"manage-link\" href=\"{Api.PathOf(manageUrl)}", html, StringComparison.Ordinal);
        var (withoutCookie, plain) = await browser.GetPageAsync(location);
        withoutCookie.Dispose();
        Assert.DoesNotContain("manage-link", plain, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, plain, StringComparison.Ordinal);

        var (managePage, manageHtml) = await browser.GetPageAsync(Api.PathOf(manageUrl));
        using (managePage)
        {
            PageTestHelpers.AssertHtml(managePage, HttpStatusCode.OK, manageHtml, "manage page");
        }

        await foreach (var row in App.Table.QueryAsync<TableEntity>())
        {
            Assert.All(row, property => Assert.DoesNotContain(secret, property.Value?.ToString() ?? "", StringComparison.Ordinal));
        }
    }

    [GeneratedRegex("^otl_manage=([^;]+)")]
    private static partial Regex ManageCookie();
}
