using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using OneTimeLinks.LocalRunner.Rpc;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// Maps every HTTP function on <c>{routePrefix}/{route}</c> and the host's "run now" admin API
/// <c>POST /admin/functions/{name}</c>, with the host's behaviour:
/// <list type="bullet">
/// <item>Unknown route: 404 with an empty body.</item>
/// <item>Known route, method not in the function's <c>methods</c>: also 404, not 405. The Functions host answers 404 for
/// this (Azure/azure-functions-host#10098 and Azure/azure-functions-dotnet-worker#2452 ask for 405 and are open; #11625
/// shows HEAD on a GET-only function is 404), because a method is a route constraint there. ASP.NET Core would answer
/// 405, so the runner filters methods with its own matcher policy instead of HttpMethodMetadata.</item>
/// <item>Function/Admin level without a valid key: 401 with an RFC 9457 problem body.</item>
/// <item>A failed invocation (the worker reports an exception): 500 with a generic problem body (no exception details),
/// the failure logged; the worker's partial answer is dropped.</item>
/// </list>
/// </summary>
public static partial class HttpFunctionEndpoints
{
    /// <summary>What the host logs as the reason of HTTP and admin-API invocations.</summary>
    internal const string ProgrammaticReason = "This function was programmatically called via the host APIs.";

    public const string AdminInvokeRoute = "admin/functions/{name}";

    /// <summary>Maps the HTTP functions of functions.metadata and the admin endpoint. The services of <see cref="LocalRunnerHost"/> must be registered.</summary>
    public static IEndpointRouteBuilder MapFunctionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var functions = endpoints.ServiceProvider.GetRequiredService<WorkerChannel>().Functions;
        var hostJson = endpoints.ServiceProvider.GetRequiredService<HostJson>();
        foreach (var function in functions.Where(f => f.IsHttp))
        {
            endpoints.Map(RoutePatternFactory.Parse(RouteTemplate(function, hostJson)), context => InvokeHttpFunctionAsync(context, function))
                .WithMetadata(new FunctionMethodsMetadata(function.Methods))
                .WithDisplayName($"Functions.{function.Name}");
        }

        endpoints.Map(RoutePatternFactory.Parse(AdminInvokeRoute), InvokeFromAdminApiAsync)
            .WithMetadata(new FunctionMethodsMetadata([HttpMethods.Post]))
            .WithDisplayName("Host admin API: run a function now");
        return endpoints;
    }

    /// <summary>host.json's route prefix, then the function's route.</summary>
    public static string RouteTemplate(FunctionMetadata function, HostJson hostJson) =>
        string.IsNullOrEmpty(hostJson.RoutePrefix) ? function.Route : $"{hostJson.RoutePrefix}/{function.Route}";

    /// <summary>
    /// As the host does with ASP.NET Core integration: the invocation goes to the worker over gRPC (route values as trigger
    /// metadata) while the request itself is forwarded to the worker's own Kestrel with the invocation id, where the
    /// worker's middleware joins the two; the worker's response comes back unchanged unless the invocation failed.
    /// </summary>
    private static async Task InvokeHttpFunctionAsync(HttpContext context, FunctionMetadata function)
    {
        var services = context.RequestServices;
        var keys = services.GetRequiredService<FunctionKeys>();
        if (!keys.IsAuthorized(function.AuthLevel, FunctionKeys.GetPresentedKey(context.Request)))
        {
            await WriteUnauthorizedAsync(context, function.AuthLevel).ConfigureAwait(false);
            return;
        }

        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var invocationId = Guid.NewGuid().ToString();
        var request = context.Request;
        var trigger = new ParameterBinding
        {
            Name = function.TriggerName,
            Data = new TypedData { Http = new RpcHttp { Method = request.Method, Url = request.GetEncodedUrl() } },
        };
        var routeValues = request.RouteValues
            .Where(v => v.Value is not null)
            .Select(v => KeyValuePair.Create(v.Key, FunctionInvoker.Text(Convert.ToString(v.Value, CultureInfo.InvariantCulture)!)));

        // The host's span of the invocation: the parent of both the worker's request span (traceparent on the forwarded
        // request) and the worker's invocation span (the invocation's trace context), so both share one trace.
        using var activity = new Activity($"Functions.{function.Name}").SetIdFormat(ActivityIdFormat.W3C);
        if (ActivityContext.TryParse(request.Headers.TraceParent, request.Headers.TraceState, isRemote: true, out var parent))
        {
            activity.SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
        }
        else
        {
            // A new trace is sampled, as the host's is: the worker's spans follow their parent's decision.
            activity.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        }

        activity.Start();
        var forwarder = services.GetRequiredService<WorkerHttpForwarder>();
        var forwarded = forwarder.SendAsync(context, invocationId, activity.Id!, cancellation.Token);
        var outcome = await services.GetRequiredService<FunctionInvoker>()
            .InvokeAsync(function, ProgrammaticReason, [trigger], routeValues, cancellation.Token, invocationId).ConfigureAwait(false);
        using var response = await forwarded.ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            await WorkerHttpForwarder.CopyAsync(response, context, cancellation.Token).ConfigureAwait(false);
            return;
        }

        await Results.Problem(
            statusCode: StatusCodes.Status500InternalServerError,
            title: "An unexpected error occurred.",
            detail: "The function failed. The local runner's log has the details.",
            extensions: new Dictionary<string, object?> { ["invocationId"] = outcome.InvocationId })
            .ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>The host's admin API: runs a timer (body ignored) or queue function (body <c>{"input": "..."}</c>) now.
    /// Answers 202 Accepted at once, as the host does; the invocation's outcome goes to the log.</summary>
    private static async Task InvokeFromAdminApiAsync(HttpContext context)
    {
        var services = context.RequestServices;
        if (!services.GetRequiredService<FunctionKeys>().IsAuthorized(AuthorizationLevel.Admin, FunctionKeys.GetPresentedKey(context.Request)))
        {
            await WriteUnauthorizedAsync(context, AuthorizationLevel.Admin).ConfigureAwait(false);
            return;
        }

        var name = Convert.ToString(context.Request.RouteValues["name"], CultureInfo.InvariantCulture) ?? "";
        var function = services.GetRequiredService<WorkerChannel>().Functions.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (function is null)
        {
            await Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: "No function has this name.")
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (function.IsHttp)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: "HTTP functions are invoked through their own route, not the admin API.")
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        string? input = null;
        if (function.TriggerType.Equals(FunctionMetadata.QueueTrigger, StringComparison.OrdinalIgnoreCase))
        {
            input = await ReadInputAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            if (input is null)
            {
                await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: "Send a JSON body {\"input\": \"<queue message>\"}.")
                    .ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
        }

        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpFunctionEndpoints).FullName!);
        var run = services.GetRequiredService<TriggerListeners>().CallAsync(function, input, stopping);
        _ = run.ContinueWith(
            t => LogAdminRunFailed(logger, t.Exception!, function.Name),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private static async Task<string?> ReadInputAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return body.RootElement.ValueKind == JsonValueKind.Object &&
                   body.RootElement.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.String
                ? input.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task WriteUnauthorizedAsync(HttpContext context, AuthorizationLevel level) =>
        Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: level == AuthorizationLevel.Function
                ? $"This function requires a function key: send it in the '{FunctionKeys.HeaderName}' header or the '{FunctionKeys.QueryName}' query parameter. Locally the key is the '{FunctionKeys.FunctionKeySetting}' setting (the master key also works)."
                : $"This endpoint requires the master key: send it in the '{FunctionKeys.HeaderName}' header or the '{FunctionKeys.QueryName}' query parameter. Locally the key is the '{FunctionKeys.MasterKeySetting}' setting.")
            .ExecuteAsync(context);

    [LoggerMessage(EventId = 30, Level = LogLevel.Error, Message = "The admin API could not run 'Functions.{FunctionName}'.")]
    private static partial void LogAdminRunFailed(ILogger logger, Exception exception, string functionName);
}

/// <summary>The methods an endpoint answers; empty means all. Read by <see cref="FunctionMethodMatcherPolicy"/>.</summary>
public sealed class FunctionMethodsMetadata(IReadOnlyList<string> methods)
{
    public IReadOnlyList<string> Methods { get; } = methods;

    public bool Allows(string method) => Methods.Count == 0 || Methods.Contains(method, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Removes candidates whose function does not accept the request's method. When no candidate is left, routing finds no
/// endpoint and the request ends as 404, which is what the Functions host answers (ASP.NET Core's own method matching
/// would answer 405).
/// </summary>
internal sealed class FunctionMethodMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<FunctionMethodsMetadata>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) &&
                candidates[i].Endpoint.Metadata.GetMetadata<FunctionMethodsMetadata>() is { } methods &&
                !methods.Allows(httpContext.Request.Method))
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
