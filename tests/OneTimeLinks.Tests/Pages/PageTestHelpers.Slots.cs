using System.Globalization;
using System.Text.RegularExpressions;

namespace OneTimeLinks.Tests.Pages;

/// <summary>The times a page offers, as the invitee's radio buttons carry them.</summary>
internal static partial class PageTestHelpers
{
    /// <summary>An instant as a page's radio value (UTC, whole seconds).</summary>
    public static string RadioValue(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The radio values of the page at <paramref name="path"/> (a booking or manage page), in page order; asserts a 200 page.</summary>
    public static async Task<List<string>> OfferedOnPageAsync(this TestApp app, string path)
    {
        var (response, html) = await app.Browser().GetPageAsync(path);
        using (response)
        {
            AssertHtml(response, HttpStatusCode.OK, html, path);
        }

        return [.. RadioStart().Matches(html).Select(match => match.Groups[1].Value)];
    }

    [GeneratedRegex("<input type=\"radio\" name=\"start\" value=\"([^\"]+)\"")]
    private static partial Regex RadioStart();
}
