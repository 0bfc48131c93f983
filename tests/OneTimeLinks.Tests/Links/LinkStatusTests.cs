using OneTimeLinks.Core.Links;

namespace OneTimeLinks.Tests.Links;

public sealed class LinkStatusTests
{
    private static readonly DateTimeOffset CreatedAt = TestClock.Pinned;

    // 18:00 Berlin: the offset must not matter, only the instant.
    private static readonly DateTimeOffset ExpiresAt = new(2026, 12, 7, 18, 0, 0, TimeSpan.FromHours(1));

    private static Link NewLink(LinkStatus stored, DateTimeOffset? expiresAt) => new(
        CalendarId: "dr-smith",
        LinkId: "0000000000000abcdef",
        StoredStatus: stored,
        ExpiresAt: expiresAt,
        Note: null,
        MaxUses: 1,
        Uses: stored == LinkStatus.Used ? 1 : 0,
        Contact: null,
        CreatedAt: CreatedAt,
        EndedAt: stored is LinkStatus.Active ? null : CreatedAt.AddMinutes(5),
        TokenHash: new string('0', 64),
        RequestId: null);

    [Fact]
    public void GetStatus_ActiveOneTickBeforeExpiry_IsActive()
    {
        var link = NewLink(LinkStatus.Active, ExpiresAt);

        Assert.Equal(LinkStatus.Active, link.GetStatus(ExpiresAt.AddTicks(-1)));
        Assert.False(link.IsPastExpiry(ExpiresAt.AddTicks(-1)));
    }

    [Fact]
    public void GetStatus_ActiveAtTheExactExpiryInstant_IsExpired()
    {
        var link = NewLink(LinkStatus.Active, ExpiresAt);

        Assert.Equal(LinkStatus.Expired, link.GetStatus(ExpiresAt));
        Assert.True(link.IsPastExpiry(ExpiresAt));
    }

    [Fact]
    public void GetStatus_ActiveAtTheExpiryInstantWrittenInUtc_IsExpired()
    {
        var link = NewLink(LinkStatus.Active, ExpiresAt);

        Assert.Equal(LinkStatus.Expired, link.GetStatus(ExpiresAt.ToUniversalTime()));
        Assert.Equal(LinkStatus.Active, link.GetStatus(ExpiresAt.ToUniversalTime().AddTicks(-1)));
    }

    [Fact]
    public void GetStatus_ActiveLongAfterExpiry_IsExpired()
    {
        var link = NewLink(LinkStatus.Active, ExpiresAt);

        Assert.Equal(LinkStatus.Expired, link.GetStatus(ExpiresAt.AddDays(400)));
    }

    [Fact]
    public void GetStatus_ActiveWithoutExpiry_StaysActiveForever()
    {
        var link = NewLink(LinkStatus.Active, expiresAt: null);

        Assert.Equal(LinkStatus.Active, link.GetStatus(DateTimeOffset.MaxValue));
        Assert.False(link.IsPastExpiry(DateTimeOffset.MaxValue));
    }

    [Theory]
    [InlineData(LinkStatus.Used)]
    [InlineData(LinkStatus.Revoked)]
    [InlineData(LinkStatus.Expired)]
    public void GetStatus_EndedLinkPastExpiry_KeepsItsStoredStatus(LinkStatus stored)
    {
        var link = NewLink(stored, ExpiresAt);

        Assert.Equal(stored, link.GetStatus(ExpiresAt.AddTicks(-1)));
        Assert.Equal(stored, link.GetStatus(ExpiresAt));
        Assert.Equal(stored, link.GetStatus(ExpiresAt.AddDays(1)));
    }

    [Theory]
    [InlineData(LinkStatus.Active, "active")]
    [InlineData(LinkStatus.Used, "used")]
    [InlineData(LinkStatus.Expired, "expired")]
    [InlineData(LinkStatus.Revoked, "revoked")]
    public void ToWireName_EachStatus_IsLowercaseNameThatTryParseReadsBack(LinkStatus status, string wire)
    {
        Assert.Equal(wire, status.ToWireName());
        Assert.True(LinkStatusNames.TryParse(wire, out var parsed));
        Assert.Equal(status, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Active")]
    [InlineData("USED")]
    [InlineData(" active")]
    [InlineData("0")]
    [InlineData("deleted")]
    public void TryParse_UnknownName_ReturnsFalse(string? value)
    {
        Assert.False(LinkStatusNames.TryParse(value, out _));
    }

    [Fact]
    public void ToWireName_UndefinedValue_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((LinkStatus)42).ToWireName());
    }
}
