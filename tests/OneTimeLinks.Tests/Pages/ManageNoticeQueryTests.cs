using Microsoft.AspNetCore.Http;
using OneTimeLinks.Functions.Pages;

namespace OneTimeLinks.Tests.Pages;

/// <summary>The manage page's <c>?done=</c>: what the 303 after a change writes is what the page reads back.</summary>
public sealed class ManageNoticeQueryTests
{
    [Theory]
    [InlineData(ManagePageNotice.Canceled, "done=canceled")]
    [InlineData(ManagePageNotice.Rescheduled, "done=rescheduled")]
    public void Parameter_ChangeMade_ReadsBackAsTheSameNotice(ManagePageNotice done, string expected)
    {
        var parameter = ManageNoticeQuery.Parameter(done);

        Assert.Equal(expected, parameter);
        Assert.Equal(done, ManageNoticeQuery.Read(RequestWithQuery("?tz=Europe%2FBerlin&" + parameter)));
    }

    [Theory]
    [InlineData(ManagePageNotice.None)]
    [InlineData(ManagePageNotice.NotFree)]
    [InlineData(ManagePageNotice.Busy)]
    public void Parameter_NoChangeMade_Throws(ManagePageNotice notice)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ManageNoticeQuery.Parameter(notice));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?done=")]
    [InlineData("?done=bogus")]
    [InlineData("?done=Canceled")]
    [InlineData("?done=NotFree")]
    public void Read_NoOrUnknownDone_IsNoNotice(string query)
    {
        Assert.Equal(ManagePageNotice.None, ManageNoticeQuery.Read(RequestWithQuery(query)));
    }

    private static HttpRequest RequestWithQuery(string query) =>
        new DefaultHttpContext { Request = { QueryString = new QueryString(query.Length == 0 ? null : query) } }.Request;
}
