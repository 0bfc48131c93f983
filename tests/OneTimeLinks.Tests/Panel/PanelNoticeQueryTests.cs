using Microsoft.AspNetCore.Http;
using OneTimeLinks.Functions.Pages.Panel;
using OneTimeLinks.Functions.Panel;

namespace OneTimeLinks.Tests.Panel;

/// <summary>The panel pages' <c>?done=</c>: what the 303 after an owner's change writes is what the page reads back.</summary>
public sealed class PanelNoticeQueryTests
{
    [Fact]
    public void Parameter_EveryChange_IsItsWordAndReadsBackAsTheSameNotice()
    {
        AssertReadsBack(PanelLinksNotice.Revoked, "done=revoked");
        AssertReadsBack(PanelLinkNotice.Updated, "done=updated");
        AssertReadsBack(PanelLinkNotice.Canceled, "done=canceled");
        AssertReadsBack(PanelBookingsNotice.Confirmed, "done=confirmed");
        AssertReadsBack(PanelBookingsNotice.Declined, "done=declined");
        AssertReadsBack(PanelBookingsNotice.Canceled, "done=canceled");
    }

    [Fact]
    public void Parameter_NoChangeMade_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PanelNoticeQuery.Parameter(PanelLinksNotice.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => PanelNoticeQuery.Parameter(PanelLinkNotice.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => PanelNoticeQuery.Parameter(PanelBookingsNotice.None));
    }

    /// <summary>Hand-edited URLs: nothing but a page's own lower-case words shows a notice.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("?done=")]
    [InlineData("?done=none")]
    [InlineData("?done=bogus")]
    [InlineData("?done=Revoked")]
    [InlineData("?done=CANCELED")]
    [InlineData("?done=1")]
    [InlineData("?done=%3Cscript%3E")]
    [InlineData("?notdone=revoked")]
    public void Read_NoOrUnknownDone_IsNoNoticeOnEveryPage(string query)
    {
        var request = RequestWithQuery(query);

        Assert.Equal(PanelLinksNotice.None, PanelNoticeQuery.Read<PanelLinksNotice>(request));
        Assert.Equal(PanelLinkNotice.None, PanelNoticeQuery.Read<PanelLinkNotice>(request));
        Assert.Equal(PanelBookingsNotice.None, PanelNoticeQuery.Read<PanelBookingsNotice>(request));
    }

    [Fact]
    public void Read_AnotherPagesWord_IsNoNotice()
    {
        Assert.Equal(PanelLinkNotice.None, PanelNoticeQuery.Read<PanelLinkNotice>(RequestWithQuery("?done=revoked")));
        Assert.Equal(PanelBookingsNotice.None, PanelNoticeQuery.Read<PanelBookingsNotice>(RequestWithQuery("?done=updated")));
        Assert.Equal(PanelLinksNotice.None, PanelNoticeQuery.Read<PanelLinksNotice>(RequestWithQuery("?done=confirmed")));
    }

    /// <summary>Only the first <c>done</c> counts, as on the manage page.</summary>
    [Fact]
    public void Read_TwoDones_TakesTheFirst()
    {
        Assert.Equal(PanelLinkNotice.Updated, PanelNoticeQuery.Read<PanelLinkNotice>(RequestWithQuery("?done=updated&done=canceled")));
    }

    private static void AssertReadsBack<TNotice>(TNotice done, string expected)
        where TNotice : struct, Enum
    {
        var parameter = PanelNoticeQuery.Parameter(done);

        Assert.Equal(expected, parameter);
        Assert.Equal(done, PanelNoticeQuery.Read<TNotice>(RequestWithQuery("?status=active&lang=de&" + parameter)));
    }

    private static HttpRequest RequestWithQuery(string query) =>
        new DefaultHttpContext { Request = { QueryString = new QueryString(query.Length == 0 ? null : query) } }.Request;
}
