using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OneTimeLinks.Functions;

var builder = FunctionsApplication.CreateBuilder(args);

// HTTP functions take HttpRequest and return IResult (ASP.NET Core integration), which the local runner hosts too.
builder.ConfigureFunctionsWebApplication();

// Options, Azure clients, the table store and the domain services; the local runner calls the same method.
builder.Services.AddOneTimeLinksFunctions(builder.Configuration);

// Function invocation spans and the host's trace context for the worker's OpenTelemetry (host.json telemetryMode).
builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();

builder.Build().Run();
