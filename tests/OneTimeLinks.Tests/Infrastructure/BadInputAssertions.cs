using System.Net.Http.Headers;
using System.Text;

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>What the strict-input tables (tests/Validation and each feature's *BadInputTests) send and check per row.</summary>
public static class BadInputAssertions
{
    /// <summary>
    /// A request whose body goes out exactly as written (no serializer to tidy it), under <paramref name="contentType"/>,
    /// or with no Content-Type at all when that is null; no body when <paramref name="body"/> is null.
    /// </summary>
    public static HttpRequestMessage RawRequest(string method, string path, string? body, string? contentType)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        }

        return request;
    }

    /// <summary>
    /// Asserts a problem with <paramref name="status"/> whose field errors name exactly <paramref name="errorKey"/>, or
    /// that carries no field errors when it is null; returns the problem.
    /// </summary>
    public static async Task<JsonObject> AssertFieldProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? errorKey)
    {
        var problem = await response.AssertProblemAsync(status);
        if (errorKey is null)
        {
            Assert.Null(problem["errors"]);
        }
        else
        {
            Assert.Equal([errorKey], problem["errors"]!.AsObject().Select(e => e.Key));
        }

        return problem;
    }
}
