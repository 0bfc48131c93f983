using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace OneTimeLinks.LocalRunner;

public enum FunctionTriggerKind
{
    Http,
    Timer,
    Queue,
}

/// <summary>One function as the runner discovered it from its attributes: the same facts the build writes to
/// <c>functions.metadata</c>, plus what the runner needs to invoke it.</summary>
public sealed class FunctionDescriptor
{
    internal FunctionDescriptor(
        string name,
        Type functionType,
        MethodInfo method,
        string triggerParameterName,
        HttpTriggerDescriptor? http,
        TimerTriggerDescriptor? timer,
        QueueTriggerDescriptor? queue,
        IReadOnlyList<FunctionParameter> parameters,
        FunctionReturn returns)
    {
        Name = name;
        FunctionType = functionType;
        Method = method;
        TriggerParameterName = triggerParameterName;
        Http = http;
        Timer = timer;
        Queue = queue;
        Parameters = parameters;
        Return = returns;
        TriggerKind = http is not null ? FunctionTriggerKind.Http : timer is not null ? FunctionTriggerKind.Timer : FunctionTriggerKind.Queue;
    }

    /// <summary>The name from <c>[Function("Name")]</c>.</summary>
    public string Name { get; }

    /// <summary><c>Namespace.Class.Method</c>, as <c>entryPoint</c> in functions.metadata.</summary>
    public string EntryPoint => $"{FunctionType.FullName!.Replace('+', '.')}.{Method.Name}";

    public Type FunctionType { get; }

    public MethodInfo Method { get; }

    public FunctionTriggerKind TriggerKind { get; }

    /// <summary>The trigger parameter's name (<c>name</c> of the trigger binding in functions.metadata).</summary>
    public string TriggerParameterName { get; }

    public HttpTriggerDescriptor? Http { get; }

    public TimerTriggerDescriptor? Timer { get; }

    public QueueTriggerDescriptor? Queue { get; }

    internal IReadOnlyList<FunctionParameter> Parameters { get; }

    internal FunctionReturn Return { get; }

    public override string ToString() => $"{Name} ({TriggerKind}, {EntryPoint})";
}

/// <summary>An <c>[HttpTrigger]</c> as declared.</summary>
public sealed class HttpTriggerDescriptor
{
    internal HttpTriggerDescriptor(AuthorizationLevel authLevel, IReadOnlyList<string> methods, string? route, string routeTemplate, IReadOnlyList<string> routeParameters)
    {
        AuthLevel = authLevel;
        Methods = methods;
        Route = route;
        RouteTemplate = routeTemplate;
        RouteParameters = routeParameters;
    }

    public AuthorizationLevel AuthLevel { get; }

    /// <summary>Upper-case HTTP methods; empty means every method (as the host treats a missing <c>methods</c>).</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>The <c>Route</c> property as declared; null when the function relies on its name.</summary>
    public string? Route { get; }

    /// <summary>The route below the prefix: <see cref="Route"/>, or the function name when it is null.</summary>
    public string RouteTemplate { get; }

    public IReadOnlyList<string> RouteParameters { get; }

    public bool AllowsMethod(string method) =>
        Methods.Count == 0 || Methods.Contains(method, StringComparer.OrdinalIgnoreCase);

    /// <summary>The full template the host listens on, for a given host.json <c>routePrefix</c>.</summary>
    public string GetFullRouteTemplate(string routePrefix)
    {
        var prefix = routePrefix.Trim('/');
        return prefix.Length == 0 ? RouteTemplate : $"{prefix}/{RouteTemplate}";
    }
}

/// <summary>A <c>[TimerTrigger]</c> as declared (the schedule may still be a <c>%Setting%</c> reference).</summary>
public sealed class TimerTriggerDescriptor
{
    internal TimerTriggerDescriptor(string schedule, bool runOnStartup, bool useMonitor)
    {
        Schedule = schedule;
        RunOnStartup = runOnStartup;
        UseMonitor = useMonitor;
    }

    public string Schedule { get; }

    public bool RunOnStartup { get; }

    public bool UseMonitor { get; }
}

/// <summary>A <c>[QueueTrigger]</c> as declared (the queue name may still be a <c>%Setting%</c> reference).</summary>
public sealed class QueueTriggerDescriptor
{
    /// <summary>The connection the host uses when the attribute names none.</summary>
    public const string DefaultConnection = "AzureWebJobsStorage";

    internal QueueTriggerDescriptor(string queueName, string? connection)
    {
        QueueName = queueName;
        Connection = connection;
    }

    public string QueueName { get; }

    /// <summary>The <c>Connection</c> property as declared; null means <see cref="DefaultConnection"/>.</summary>
    public string? Connection { get; }

    public string ConnectionSettingName => string.IsNullOrEmpty(Connection) ? DefaultConnection : Connection;
}
