using Microsoft.Azure.Functions.Worker.Middleware;

namespace OneTimeLinks.Functions.Http;

/// <summary>
/// An HTTP function's <see cref="IResult"/> has been written to the response by the ASP.NET Core integration by the
/// time this middleware resumes; left as the invocation's return value, the worker would also serialize it to JSON for
/// the host's <c>$return</c> binding, which the host ignores for a proxied HTTP response (it reads the forwarded one).
/// That second serialization was about a third of an open's allocations (the whole slot list once more), so the value is
/// dropped, as the integration itself drops an <c>HttpResponseData</c>. Registered before the integration's middleware,
/// so it runs after it; a function returning anything else (queue outputs) keeps its value.
/// </summary>
internal sealed class HttpResultStaysInTheWorker : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await next(context);
        if (context.GetInvocationResult() is { Value: IResult } result)
        {
            result.Value = null;
        }
    }
}
