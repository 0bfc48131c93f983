using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneTimeLinks.Functions;

namespace OneTimeLinks.LocalRunner;

/// <summary>What <see cref="LocalRunnerHost.Build(string[], LocalRunnerHostOptions, Action{Microsoft.AspNetCore.Builder.WebApplicationBuilder}?)"/>
/// hosts. The defaults host the real app; tests replace the catalog (sample functions) and the app services.</summary>
public sealed class LocalRunnerHostOptions
{
    /// <summary>The assembly scanned for functions when <see cref="Catalog"/> is null: OneTimeLinks.Functions.</summary>
    public Assembly FunctionsAssembly { get; set; } = typeof(FunctionsServiceRegistration).Assembly;

    /// <summary>A ready catalog (for example <see cref="FunctionCatalog.FromTypes"/> over sample classes); overrides
    /// <see cref="FunctionsAssembly"/>.</summary>
    public FunctionCatalog? Catalog { get; set; }

    /// <summary>Keeps only some of the functions (null keeps all).</summary>
    public Func<FunctionDescriptor, bool>? FunctionFilter { get; set; }

    /// <summary>Path of host.json: this, else setting <c>LocalRunner:HostJsonPath</c>, else
    /// host.json next to the runner (the build copies the repository's host.json there).</summary>
    public string? HostJsonPath { get; set; }

    /// <summary>
    /// Registers the app's services, as the Functions Program.cs does. Default:
    /// <c>services.AddOneTimeLinksFunctions(configuration)</c>. Set to null to register none (sample functions).
    /// </summary>
    public Action<IServiceCollection, IConfiguration>? ConfigureAppServices { get; set; } =
        static (services, configuration) => services.AddOneTimeLinksFunctions(configuration);
}
