using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using OneTimeLinks.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.AddOneTimeLinks();
builder.Build().Run();
