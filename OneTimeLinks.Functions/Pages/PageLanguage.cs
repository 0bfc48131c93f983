using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Functions.Pages;

/// <summary>
/// The language a page is written in (<see cref="Code"/>, one of <see cref="Languages.Supported"/>) and the culture its
/// dates and times are formatted in. <see cref="Explicit"/> when the invitee chose it with <c>?lang=</c>: the choice
/// then travels with the forms and redirects of the flow.
/// </summary>
public sealed record PageLanguage(string Code, CultureInfo Culture, bool Explicit)
{
    /// <summary>Where a language's region is not known from the browser: the region its speakers most often use.</summary>
    private static readonly Dictionary<string, string> DefaultRegions = new(StringComparer.Ordinal)
    {
        ["en"] = "en-GB", ["de"] = "de-DE", ["fr"] = "fr-FR", ["es"] = "es-ES", ["pt"] = "pt-PT", ["nl"] = "nl-NL",
    };

    /// <summary>British usage as the pages have always written it ("Monday 7 December 2026"), without ICU's comma.</summary>
    private static readonly CultureInfo British = CreateBritish();

    /// <summary>
    /// The explicit <c>?lang=</c> when the pages speak it; else the first language of Accept-Language (by quality) they
    /// speak; else the calendar's default; else English. The culture keeps the browser's region for that language
    /// (en-US reads 3:00 PM, en-GB 15:00).
    /// </summary>
    public static PageLanguage Resolve(string? requested, StringValues acceptLanguage, string? calendarDefault)
    {
        var preferences = StringWithQualityHeaderValue.TryParseList(acceptLanguage, out var parsed)
            ? parsed.Where(p => p.Quality is null or > 0).OrderByDescending(p => p.Quality ?? 1).Select(p => p.Value.Value ?? "").ToList()
            : [];
        var code = Normalize(requested);
        if (code is not null)
        {
            return new PageLanguage(code, CultureFor(code, preferences), Explicit: true);
        }

        code = preferences.Select(Normalize).FirstOrDefault(c => c is not null)
            ?? (Languages.IsSupported(calendarDefault) ? calendarDefault! : Languages.Default);
        return new PageLanguage(code, CultureFor(code, preferences), Explicit: false);
    }

    /// <summary>The language part of a tag ("pt-BR" is "pt") when the pages speak it.</summary>
    private static string? Normalize(string? tag)
    {
        if (string.IsNullOrEmpty(tag) || tag.Length > 35)
        {
            return null;
        }

        var dash = tag.IndexOf('-', StringComparison.Ordinal);
        var language = (dash < 0 ? tag : tag[..dash]).ToLowerInvariant();
        return Languages.IsSupported(language) ? language : null;
    }

    private static CultureInfo CultureFor(string code, IEnumerable<string> preferences)
    {
        var name = preferences.FirstOrDefault(p => p.StartsWith(code + "-", StringComparison.OrdinalIgnoreCase)) ?? DefaultRegions[code];
        CultureInfo culture;
        try
        {
            culture = CultureInfo.GetCultureInfo(name);
        }
        catch (CultureNotFoundException)
        {
            culture = CultureInfo.GetCultureInfo(DefaultRegions[code]);
        }

        return culture.Name == "en-GB" ? British : culture;
    }

    private static CultureInfo CreateBritish()
    {
        var british = (CultureInfo)CultureInfo.GetCultureInfo("en-GB").Clone();
        british.DateTimeFormat.LongDatePattern = "dddd d MMMM yyyy";
        return CultureInfo.ReadOnly(british);
    }
}
