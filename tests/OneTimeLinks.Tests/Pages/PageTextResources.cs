using System.Collections;
using System.Globalization;
using System.Resources;
using OneTimeLinks.Functions.Pages.Resources;

namespace OneTimeLinks.Tests.Pages;

/// <summary>The pages' resource files as the app reads them, so tests can ask what a page must say in a language.</summary>
internal static class PageTextResources
{
    public static ResourceManager Manager { get; } = new(typeof(PageText).FullName!, typeof(PageText).Assembly);

    /// <summary>The text of a key in one language; English is the neutral file.</summary>
    public static string Get(string key, string language) =>
        Manager.GetString(key, CultureInfo.GetCultureInfo(language)) ?? throw new KeyNotFoundException(key);

    /// <summary>The keys and values one file holds itself (no fallback to English).</summary>
    public static Dictionary<string, string> Own(string language)
    {
        var culture = language == "en" ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language);
        var set = Manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        Assert.True(set is not null, $"There is no resource file for '{language}'.");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }
}
