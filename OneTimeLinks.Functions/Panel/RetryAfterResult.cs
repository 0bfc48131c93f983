using System.Globalization;

namespace OneTimeLinks.Functions.Panel;

/// <summary>A page answer with <c>Retry-After</c> (whole seconds, at least 1): the panel's 429.</summary>
internal sealed class RetryAfterResult(IResult page, TimeSpan retryAfter) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return page.ExecuteAsync(httpContext);
    }
}
