using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OneTimeLinks.Core.Hosting;
using OneTimeLinks.Functions.Telemetry;

namespace OneTimeLinks.Functions;

/// <summary>The app's composition root: what Program.cs runs in Azure and what the local runner hosts.</summary>
public static class OneTimeLinksApp
{
    /// <summary>Every concern of the app, top to bottom.</summary>
    public static FunctionsApplicationBuilder AddOneTimeLinks(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // HTTP: functions take HttpRequest and return IResult (ASP.NET Core integration); errors are RFC 9457 problems.
        // The written IResult is not serialized again for the host: registered first, so it resumes after the integration.
        builder.UseMiddleware<HttpResultStaysInTheWorker>();
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddProblemDetails();

        // The public link and manage routes' answers are never cached (worker middleware, after the HTTP binding).
        builder.UseMiddleware<NoStoreOnCapabilityRoutes>();

        // Domain: options, Azure clients, the table store and the services (Core's one registration method), told the
        // host's conventions (its storage connection, poison queue, page routes) rather than assuming them.
        builder.Services.AddOneTimeLinksCore(builder.Configuration);
        builder.Services.AddHostConventions(builder.Configuration);

        // Invitee pages: their words in every language, the embedded assets and the renderer.
        builder.Services.AddOneTimeLinksPages(builder.Configuration);

        // Telemetry: OpenTelemetry with tokens redacted, the worker's invocation spans, and no request URL in any log.
        builder.Services.AddOneTimeLinksTelemetry(builder.Configuration);
        UrlLogging.Apply(builder.Logging);

        return builder;
    }
}
