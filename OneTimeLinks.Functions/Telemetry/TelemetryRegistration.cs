using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneTimeLinks.Core.Telemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OneTimeLinks.Functions.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>Set by infra/ (and Azure): where the worker sends traces, metrics and logs.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// OpenTelemetry for the worker: incoming HTTP requests, Azure SDK calls (Tables, Queues, Service Bus) as
    /// dependencies, the app's meter, and logs, every one passed through the token redaction before export. Exported to
    /// Application Insights (Entra ID auth, the app's shared credential) only when a connection string is configured.
    /// </summary>
    public static IServiceCollection AddOneTimeLinksTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        // Azure SDK clients emit ActivitySource spans (with messaging/db attributes) only behind this switch.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

        var telemetry = services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource("Azure.*")
                .AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = (activity, _) => RedactingActivityProcessor.Redact(activity))
                .AddProcessor(new RedactingActivityProcessor()))
            .WithMetrics(metrics => metrics.AddMeter(LinkMetrics.MeterName))
            .WithLogging(logging => logging.AddProcessor(new RedactingLogProcessor()))

            // Function invocation spans and the host's trace context (host.json telemetryMode: OpenTelemetry).
            .UseFunctionsWorkerDefaults();

        if (!string.IsNullOrEmpty(configuration[ConnectionStringSetting]))
        {
            telemetry.UseAzureMonitorExporter();
            services.AddOptions<AzureMonitorExporterOptions>().Configure<TokenCredential>((o, credential) => o.Credential = credential);
        }

        return services;
    }
}
