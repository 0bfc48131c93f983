using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using OneTimeLinks.Functions;

var builder = FunctionsApplication.CreateBuilder(args);

// HTTP functions take HttpRequest and return IResult (ASP.NET Core integration), which the local runner hosts too.
builder.ConfigureFunctionsWebApplication();

// Options, Azure clients, the table store and the domain services; the local runner calls the same method.
builder.Services.AddOneTimeLinksFunctions(builder.Configuration);

builder.Build().Run();
