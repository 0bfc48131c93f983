using System.Text.RegularExpressions;
using OneTimeLinks.Core.Calendars;

namespace OneTimeLinks.Tests.Pages;

/// <summary>Every language the pages claim to speak has every key, with the same placeholders as English.</summary>
public sealed partial class PageTextTests
{
    public static TheoryData<string> Translations => new(Languages.Supported.Where(l => l != Languages.Default));

    [Theory]
    [MemberData(nameof(Translations))]
    public void ResourceFile_EachLanguage_HasExactlyTheEnglishKeys(string language)
    {
        // Arrange
        var english = PageTextResources.Own(Languages.Default);

        // Act
        var translated = PageTextResources.Own(language);

        // Assert
        Assert.Empty(english.Keys.Except(translated.Keys).Order());
        Assert.Empty(translated.Keys.Except(english.Keys).Order());
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void ResourceFile_EachLanguage_KeepsThePlaceholdersAndSaysSomething(string language)
    {
        // Arrange
        var english = PageTextResources.Own(Languages.Default);

        // Act
        var translated = PageTextResources.Own(language);

        // Assert
        foreach (var (key, text) in translated)
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"{language}: {key} is empty.");
            Assert.True(
                Placeholders(english[key]).SetEquals(Placeholders(text)),
                $"{language}: {key} has placeholders {string.Join(",", Placeholders(text))}, English has {string.Join(",", Placeholders(english[key]))}.");
        }
    }

    [Fact]
    public void ResourceFile_TheEnglishFile_IsTheNeutralOneWithEveryPageKey()
    {
        // Act
        var english = PageTextResources.Own(Languages.Default);

        // Assert
        foreach (var prefix in new[] { "Layout.", "Booking.", "Confirmation.", "DeadLink.", "NotFound.", "Error.", "Ics." })
        {
            Assert.Contains(english.Keys, key => key.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
