using Microsoft.Azure.Functions.Worker;
using OneTimeLinks.Functions;
using OneTimeLinks.LocalRunner;

namespace OneTimeLinks.Tests.LocalRunner;

/// <summary>Discovery from the functions' own attributes, checked against what the Functions SDK writes for Azure.</summary>
public sealed class FunctionCatalogTests
{
    private static readonly Type[] SampleTypes =
        [typeof(SampleHttpFunctions), typeof(SampleTimerFunctions), typeof(SampleQueueFunctions)];

    [Fact]
    public void FromTypes_DescribesHttpTimerAndQueueFunctions()
    {
        var catalog = FunctionCatalog.FromTypes(SampleTypes);

        var echo = catalog.Find("echo")!;
        Assert.Equal(FunctionTriggerKind.Http, echo.TriggerKind);
        Assert.Equal("OneTimeLinks.Tests.LocalRunner.SampleHttpFunctions.EchoAsync", echo.EntryPoint);
        Assert.Equal(AuthorizationLevel.Function, echo.Http!.AuthLevel);
        Assert.Equal(["GET", "POST"], echo.Http.Methods);
        Assert.Equal("things/{thingId}/items/{itemId?}", echo.Http.Route);
        Assert.Equal(["thingId", "itemId"], echo.Http.RouteParameters);
        Assert.Equal("api/things/{thingId}/items/{itemId?}", echo.Http.GetFullRouteTemplate("api"));

        var noRoute = catalog.Find("NoRoute")!;
        Assert.Null(noRoute.Http!.Route);
        Assert.Equal("NoRoute", noRoute.Http.RouteTemplate);
        Assert.Empty(noRoute.Http.Methods);

        var tick = catalog.Find("Tick")!;
        Assert.Equal(FunctionTriggerKind.Timer, tick.TriggerKind);
        Assert.Equal("%Sample:Schedule%", tick.Timer!.Schedule);
        Assert.False(tick.Timer.RunOnStartup);

        var consume = catalog.Find("Consume")!;
        Assert.Equal(FunctionTriggerKind.Queue, consume.TriggerKind);
        Assert.Equal("%Sample:QueueName%", consume.Queue!.QueueName);
        Assert.Equal("AzureWebJobsStorage", consume.Queue.ConnectionSettingName);
    }

    [Fact]
    public void FromTypes_RefusesWhatTheRunnerCannotHost_ListingEveryProblem()
    {
        var ex = Assert.Throws<LocalRunnerStartupException>(() => FunctionCatalog.FromTypes([typeof(InvalidSampleFunctions)]));

        Assert.Contains("'UsesFunctionContext'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("FunctionContext is not supported", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'UnboundString'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("parameter 'other'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'ReturnsString'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'NoTrigger'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'TimerReturnsValue'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareWith_AgreesWithFunctionsMetadataInTheSdksShape()
    {
        var catalog = FunctionCatalog.FromTypes(SampleTypes).Where(f => f.Name is "Echo" or "Tick" or "Consume");

        var differences = catalog.CompareWith(FunctionsMetadata.Parse(SampleMetadata(echoRoute: "things/{thingId}/items/{itemId?}")));

        Assert.Empty(differences);
    }

    [Fact]
    public void CompareWith_ReportsEveryDisagreement()
    {
        var catalog = FunctionCatalog.FromTypes(SampleTypes).Where(f => f.Name is "Echo" or "Tick");

        var differences = catalog.CompareWith(FunctionsMetadata.Parse(SampleMetadata(echoRoute: "things/{thingId}")));

        Assert.Contains(differences, d => d.Contains("'Echo': route differs", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.Contains("'Consume' is in functions.metadata", StringComparison.Ordinal));
    }

    /// <summary>The real app: every function is hostable, and the runner sees what Azure will see.</summary>
    [Fact]
    public void TheApp_AgreesWithTheBuildsFunctionsMetadata()
    {
        var catalog = FunctionCatalog.FromAssembly(typeof(FunctionsServiceRegistration).Assembly);
        var metadataPath = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(metadataPath), $"The Functions build writes functions.metadata, which reaches {metadataPath} through the project reference.");

        var differences = catalog.CompareWith(FunctionsMetadata.Load(metadataPath));

        Assert.NotEmpty(catalog.Functions);
        Assert.Empty(differences);
    }

    private static string SampleMetadata(string echoRoute) => $$"""
        [
          { "name": "Echo", "scriptFile": "x.dll", "entryPoint": "OneTimeLinks.Tests.LocalRunner.SampleHttpFunctions.EchoAsync", "language": "dotnet-isolated",
            "bindings": [ { "name": "request", "direction": "In", "type": "httpTrigger", "authLevel": "Function", "methods": [ "get", "post" ], "route": "{{echoRoute}}", "properties": {} },
                          { "name": "$return", "type": "http", "direction": "Out" } ] },
          { "name": "Tick", "scriptFile": "x.dll", "entryPoint": "OneTimeLinks.Tests.LocalRunner.SampleTimerFunctions.TickAsync", "language": "dotnet-isolated",
            "bindings": [ { "name": "timer", "direction": "In", "type": "timerTrigger", "schedule": "%Sample:Schedule%", "properties": {} } ] },
          { "name": "Consume", "scriptFile": "x.dll", "entryPoint": "OneTimeLinks.Tests.LocalRunner.SampleQueueFunctions.RunAsync", "language": "dotnet-isolated",
            "bindings": [ { "name": "message", "direction": "In", "type": "queueTrigger", "dataType": "String", "queueName": "%Sample:QueueName%", "connection": "AzureWebJobsStorage", "properties": {} } ] }
        ]
        """;
}
