
namespace OneTimeLinks.LocalRunner;

/// <summary>
/// Forwards an HTTP trigger's request to the worker's own Kestrel (ASP.NET Core integration) with the invocation id header
/// the worker's middleware waits for, and the X-Forwarded-* headers the worker's forwarded-headers middleware reads, so
/// the function sees the client's scheme, host and address. The answer is read whole before the runner replies: the host
/// only answers once the invocation's outcome is known.
/// </summary>
internal sealed class WorkerHttpForwarder : IDisposable
{
    /// <summary>The header the worker joins a forwarded request and its gRPC invocation by.</summary>
    public const string InvocationIdHeader = "x-ms-invocation-id";

    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Host", "traceparent",
    };

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,

        // The runner sets traceparent itself (the host's span), and never a second one.
        ActivityHeadersPropagator = null,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The worker's Kestrel address, known once the worker has started.</summary>
    public Uri? WorkerAddress { get; set; }

    public async Task<HttpResponseMessage> SendAsync(HttpContext context, string invocationId, string traceParent, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var target = new Uri(WorkerAddress ?? throw new InvalidOperationException("The worker has not started."), $"{request.PathBase}{request.Path}{request.QueryString}");
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        // An empty body keeps its content headers too, as the host forwards them: an empty form post is still a form.
        if (request.ContentLength is not null || request.ContentType is not null || request.Headers.TransferEncoding.Count > 0)
        {
            message.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (NotForwarded.Contains(name))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        message.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
        message.Headers.TryAddWithoutValidation("traceparent", traceParent);
        message.Headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);
        message.Headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
        if (context.Connection.RemoteIpAddress is { } client)
        {
            message.Headers.TryAddWithoutValidation("X-Forwarded-For", client.ToString());
        }

        return await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }

    public static async Task CopyAsync(HttpResponseMessage response, HttpContext context, CancellationToken cancellationToken)
    {
        var target = context.Response;
        target.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!NotForwarded.Contains(name))
            {
                target.Headers[name] = values.ToArray();
            }
        }

        // No body may follow a 204 or 304, nor any answer to HEAD.
        if (target.StatusCode is not (StatusCodes.Status204NoContent or StatusCodes.Status304NotModified) && !HttpMethods.IsHead(context.Request.Method))
        {
            await response.Content.CopyToAsync(target.Body, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _client.Dispose();
}
