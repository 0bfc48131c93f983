using OneTimeLinks.Functions.Pages;

namespace OneTimeLinks.Tests.Pages;

public sealed class PageLanguageTests
{
    [Theory]
    [InlineData("fr", "de-DE,de;q=0.9", "nl", "fr", true)]
    [InlineData("it", "de-DE,de;q=0.9", "nl", "de", false)]
    [InlineData(null, "it-IT, es;q=0.8, de;q=0.9", "nl", "de", false)]
    [InlineData(null, "it-IT", "nl", "nl", false)]
    [InlineData(null, "", null, "en", false)]
    [InlineData("PT", "", null, "pt", true)]
    [InlineData(null, "de;q=0, fr;q=0.1", null, "fr", false)]
    public void Resolve_QueryThenAcceptLanguageThenCalendarDefault_PicksTheFirstSpokenLanguage(
        string? query, string acceptLanguage, string? calendarDefault, string expected, bool expectedExplicit)
    {
        // Act
        var language = PageLanguage.Resolve(query, acceptLanguage, calendarDefault);

        // Assert
        Assert.Equal(expected, language.Code);
        Assert.Equal(expectedExplicit, language.Explicit);
    }

    [Theory]
    [InlineData("en-US", "en-US", "3:00\u202FPM")] // CLDR puts a narrow no-break space before the day period
    [InlineData("en", "en-GB", "15:00")]
    [InlineData("pt-BR,pt;q=0.9", "pt-BR", "15:00")]
    [InlineData("de", "de-DE", "15:00")]
    public void Resolve_BrowserRegion_FormatsTimesLikeThatRegion(string acceptLanguage, string expectedCulture, string expectedTime)
    {
        // Act
        var language = PageLanguage.Resolve(null, acceptLanguage, null);

        // Assert
        Assert.Equal(expectedCulture, language.Culture.Name);
        Assert.Equal(expectedTime, new DateTime(2026, 12, 7, 15, 0, 0).ToString(language.Culture.DateTimeFormat.ShortTimePattern, language.Culture));
    }

    [Fact]
    public void Resolve_English_WritesDaysWithoutACommaAfterTheWeekday()
    {
        // Act
        var culture = PageLanguage.Resolve(null, "en-GB", null).Culture;

        // Assert
        Assert.Equal("Monday 7 December 2026", new DateTime(2026, 12, 7).ToString(culture.DateTimeFormat.LongDatePattern, culture));
    }
}
