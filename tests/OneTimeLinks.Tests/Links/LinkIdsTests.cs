using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Tests.Links;

public sealed class LinkIdsTests
{
    private static readonly DateTimeOffset Monday = TestClock.Pinned;

    [Fact]
    public void New_Always_Has19CharactersOfLowercaseCrockfordBase32()
    {
        var id = LinkIds.New(Monday);

        Assert.Equal(19, LinkIds.Length);
        Assert.Equal(19, id.Length);
        Assert.Matches("^[0-9abcdefghjkmnpqrstvwxyz]{19}$", id);
        Assert.True(LinkIds.IsValid(id));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10_000)]
    [InlineData(864_000_000_000)] // one day
    [InlineData(315_360_000_000_000)] // about a year
    public void New_LaterInstant_SortsBeforeEarlierOrdinally(long ticksLater)
    {
        var older = LinkIds.New(Monday);
        var newer = LinkIds.New(Monday.AddTicks(ticksLater));

        Assert.True(string.CompareOrdinal(newer, older) < 0, $"{newer} should sort before {older}");
    }

    [Fact]
    public void New_ManyInstants_SortOrdinallyNewestFirst()
    {
        var instants = Enumerable.Range(0, 200).Select(i => Monday.AddMinutes(i * 7).AddTicks(i)).ToList();
        var ids = instants.Select(instant => (Instant: instant, Id: LinkIds.New(instant))).ToList();

        var byId = ids.OrderBy(x => x.Id, StringComparer.Ordinal).Select(x => x.Instant).ToList();

        Assert.Equal(instants.OrderByDescending(i => i).ToList(), byId);
    }

    [Fact]
    public void New_SameInstant_GivesDifferentIdsWithTheSameTimePrefix()
    {
        var first = LinkIds.New(Monday);
        var second = LinkIds.New(Monday);

        Assert.NotEqual(first, second);
        Assert.Equal(first[..13], second[..13]);
    }

    [Fact]
    public void New_SameInstantInAnotherOffset_HasTheSameTimePrefix()
    {
        var utc = LinkIds.New(Monday);
        var berlin = LinkIds.New(Monday.ToOffset(TimeSpan.FromHours(1)));

        Assert.Equal(utc[..13], berlin[..13]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("000000000000000000")] // 18
    [InlineData("00000000000000000000")] // 20
    [InlineData("0000000000000ABCDEF")] // upper case
    [InlineData("0000000000000abcdei")] // i is not in Crockford base32
    [InlineData("0000000000000abcdel")] // l
    [InlineData("0000000000000abcdeo")] // o
    [InlineData("0000000000000abcdeu")] // u
    [InlineData("0000000000000abcde-")]
    [InlineData("0000000000000abcde ")]
    [InlineData("0000000000000abcdeé")]
    public void IsValid_Malformed_ReturnsFalse(string? linkId)
    {
        Assert.False(LinkIds.IsValid(linkId));
    }

    [Theory]
    [InlineData("0000000000000000000")]
    [InlineData("zzzzzzzzzzzzzzzzzzz")]
    [InlineData("0123456789abcdefghj")]
    [InlineData("kmnpqrstvwxyz012345")]
    public void IsValid_NineteenAlphabetCharacters_ReturnsTrue(string linkId)
    {
        Assert.True(LinkIds.IsValid(linkId));
    }
}
