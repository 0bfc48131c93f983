using System.Reflection;
using System.Text.RegularExpressions;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// The functions of an assembly, discovered by reflection from their <c>[Function]</c> and trigger attributes: the same
/// facts the Functions SDK writes to <c>functions.metadata</c> (compare them with <see cref="CompareWith"/>). Anything
/// the runner could not host exactly as the Functions host would is reported at once, with every problem listed.
/// </summary>
public sealed partial class FunctionCatalog
{
    /// <summary>Trigger metadata the queue trigger offers for binding by parameter name, as the host's binding data.</summary>
    internal static readonly IReadOnlyDictionary<string, Type[]> QueueMetadataParameters =
        new Dictionary<string, Type[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["dequeueCount"] = [typeof(int), typeof(long)],
            ["id"] = [typeof(string)],
            ["popReceipt"] = [typeof(string)],
            ["queueTrigger"] = [typeof(string)],
            ["insertionTime"] = [typeof(DateTimeOffset), typeof(DateTimeOffset?)],
            ["expirationTime"] = [typeof(DateTimeOffset), typeof(DateTimeOffset?)],
            ["nextVisibleTime"] = [typeof(DateTimeOffset), typeof(DateTimeOffset?)],
        };

    private static readonly Type[] QueueMessageTypes = [typeof(string), typeof(byte[]), typeof(BinaryData), typeof(QueueMessage)];

    private readonly Dictionary<string, FunctionDescriptor> _byName;

    private FunctionCatalog(IReadOnlyList<FunctionDescriptor> functions)
    {
        Functions = functions;
        _byName = functions.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every function, ordered by name.</summary>
    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    /// <summary>Scans every type of an assembly (public or not) for <c>[Function]</c> methods.</summary>
    /// <exception cref="LocalRunnerStartupException">A function cannot be hosted as declared.</exception>
    public static FunctionCatalog FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            var loaderErrors = ex.LoaderExceptions.Where(e => e is not null).Select(e => e!.Message).Distinct().ToList();
            throw LocalRunnerStartupException.FromProblems($"Could not load the types of {assembly.GetName().Name}:", loaderErrors);
        }

        return FromTypes(types);
    }

    /// <summary>Scans the given types only (tests use this to pick sample function classes).</summary>
    /// <exception cref="LocalRunnerStartupException">A function cannot be hosted as declared.</exception>
    public static FunctionCatalog FromTypes(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var problems = new List<string>();
        var functions = new List<FunctionDescriptor>();
        foreach (var type in types)
        {
            const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(All))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }

                var descriptor = Describe(type, method, function, problems);
                if (descriptor is not null)
                {
                    functions.Add(descriptor);
                }
            }
        }

        foreach (var duplicate in functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"The function name '{duplicate.Key}' is used by {string.Join(" and ", duplicate.Select(f => f.EntryPoint))}; function names must be unique.");
        }

        problems.AddRange(FindRouteConflicts(functions));
        if (problems.Count > 0)
        {
            throw LocalRunnerStartupException.FromProblems("The local runner cannot host these functions as declared:", problems);
        }

        return new FunctionCatalog([.. functions.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase)]);
    }

    /// <summary>The function with this name (case-insensitive, as the host's admin API), or null.</summary>
    public FunctionDescriptor? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>A catalog with only the functions the predicate keeps (tests host a subset of a sample assembly).</summary>
    public FunctionCatalog Where(Func<FunctionDescriptor, bool> predicate) => new([.. Functions.Where(predicate)]);

    /// <summary>The catalog in the shape of the build's <c>functions.metadata</c> (trigger bindings only).</summary>
    public IReadOnlyList<FunctionMetadataEntry> ToMetadataEntries() => [.. Functions.Select(FunctionMetadataEntry.From)];

    /// <summary>
    /// Differences between this catalog and the build's <c>functions.metadata</c> (what Azure will see): missing or extra
    /// functions, different entry points, trigger types, routes, methods, auth levels, schedules, queues or connections.
    /// Empty when they agree.
    /// </summary>
    public IReadOnlyList<string> CompareWith(IEnumerable<FunctionMetadataEntry> metadata) =>
        FunctionsMetadata.Compare(ToMetadataEntries(), metadata);

    private static FunctionDescriptor? Describe(Type type, MethodInfo method, FunctionAttribute function, List<string> problems)
    {
        var entryPoint = $"{type.FullName?.Replace('+', '.')}.{method.Name}";
        var name = function.Name;
        var before = problems.Count;
        void Problem(string message) => problems.Add($"Function '{name}' ({entryPoint}): {message}");

        if (string.IsNullOrWhiteSpace(name) || !FunctionNamePattern().IsMatch(name))
        {
            Problem("the name must start with a letter and contain only letters, digits, '_' and '-' (at most 128 characters), as the host requires.");
        }

        if (!method.IsPublic)
        {
            Problem("the method must be public (the Functions SDK indexes public methods only).");
        }

        if (type.IsGenericTypeDefinition || method.IsGenericMethodDefinition)
        {
            Problem("generic classes and methods cannot be functions.");
        }

        if (!method.IsStatic && type.IsAbstract)
        {
            Problem($"{type.Name} is abstract (or static); an instance method needs a concrete class the runner can construct.");
        }

        if (method.GetCustomAttributes().OfType<OutputBindingAttribute>().Any() ||
            method.ReturnParameter.GetCustomAttributes().OfType<OutputBindingAttribute>().Any())
        {
            Problem("output bindings are not supported by the local runner.");
        }

        var parameters = method.GetParameters();
        var triggers = parameters.Where(p => p.GetCustomAttributes().OfType<TriggerBindingAttribute>().Any()).ToList();
        if (triggers.Count != 1)
        {
            Problem($"expected exactly one trigger parameter, found {triggers.Count}.");
            return null;
        }

        var trigger = triggers[0];
        var triggerAttribute = trigger.GetCustomAttributes().OfType<TriggerBindingAttribute>().Single();
        var returns = FunctionReturn.For(method.ReturnType);
        HttpTriggerDescriptor? http = null;
        TimerTriggerDescriptor? timer = null;
        QueueTriggerDescriptor? queue = null;
        var bound = new List<FunctionParameter>();

        switch (triggerAttribute)
        {
            case HttpTriggerAttribute h:
                http = DescribeHttp(name, h, trigger, returns, Problem);
                break;
            case TimerTriggerAttribute t:
                timer = new TimerTriggerDescriptor(t.Schedule, t.RunOnStartup, t.UseMonitor);
                if (trigger.ParameterType != typeof(TimerInfo))
                {
                    Problem($"the timer trigger parameter '{trigger.Name}' must be a {nameof(TimerInfo)}.");
                }

                RequireNoValue(returns, Problem);
                break;
            case QueueTriggerAttribute q:
                queue = new QueueTriggerDescriptor(q.QueueName, q.Connection);
                if (!QueueMessageTypes.Contains(trigger.ParameterType))
                {
                    Problem($"the queue trigger parameter '{trigger.Name}' must be string, byte[], BinaryData or QueueMessage (POCO binding is not supported by the local runner).");
                }

                RequireNoValue(returns, Problem);
                break;
            default:
                Problem($"the trigger {triggerAttribute.GetType().Name} is not supported by the local runner (HttpTrigger, TimerTrigger and QueueTrigger are).");
                return null;
        }

        foreach (var parameter in parameters)
        {
            var parameterName = parameter.Name ?? "";
            if (parameter == trigger)
            {
                bound.Add(new FunctionParameter(FunctionParameterKind.Trigger, parameterName, parameter.ParameterType));
            }
            else if (parameter.GetCustomAttributes().OfType<BindingAttribute>().Any())
            {
                Problem($"parameter '{parameterName}' has an input or output binding, which the local runner does not support.");
            }
            else if (parameter.ParameterType == typeof(FunctionContext))
            {
                Problem($"parameter '{parameterName}': FunctionContext is not supported by the local runner (take a CancellationToken, and ILogger<T> by constructor injection).");
            }
            else if (parameter.ParameterType == typeof(CancellationToken))
            {
                bound.Add(new FunctionParameter(FunctionParameterKind.CancellationToken, parameterName, parameter.ParameterType));
            }
            else if (http is not null && parameter.ParameterType == typeof(string) &&
                     http.RouteParameters.Contains(parameterName, StringComparer.OrdinalIgnoreCase))
            {
                bound.Add(new FunctionParameter(FunctionParameterKind.Named, parameterName, parameter.ParameterType));
            }
            else if (queue is not null && QueueMetadataParameters.TryGetValue(parameterName, out var allowed) && allowed.Contains(parameter.ParameterType))
            {
                bound.Add(new FunctionParameter(FunctionParameterKind.Named, parameterName, parameter.ParameterType));
            }
            else
            {
                Problem($"parameter '{parameterName}' ({parameter.ParameterType.Name}) cannot be bound: {Bindable(http, queue)}");
            }
        }

        return problems.Count > before
            ? null
            : new FunctionDescriptor(name, type, method, trigger.Name ?? "", http, timer, queue, bound, returns);
    }

    private static string Bindable(HttpTriggerDescriptor? http, QueueTriggerDescriptor? queue) =>
        http is not null
            ? $"besides the HttpRequest and a CancellationToken, only string parameters named like a route parameter of '{http.RouteTemplate}' bind."
            : queue is not null
                ? $"besides the message and a CancellationToken, only queue metadata binds by name ({string.Join(", ", QueueMetadataParameters.Keys)})."
                : "besides the TimerInfo, only a CancellationToken binds.";

    private static HttpTriggerDescriptor? DescribeHttp(string name, HttpTriggerAttribute attribute, ParameterInfo trigger, FunctionReturn returns, Action<string> problem)
    {
        if (trigger.ParameterType != typeof(HttpRequest))
        {
            problem($"the HTTP trigger parameter '{trigger.Name}' must be Microsoft.AspNetCore.Http.HttpRequest (ASP.NET Core integration); {trigger.ParameterType.Name} is not supported by the local runner.");
        }

        if (attribute.AuthLevel is not (AuthorizationLevel.Anonymous or AuthorizationLevel.Function or AuthorizationLevel.Admin or AuthorizationLevel.System))
        {
            problem($"AuthorizationLevel.{attribute.AuthLevel} is not supported by the local runner (Anonymous, Function, Admin and System are).");
        }

        if (returns.ValueType is null || !typeof(IResult).IsAssignableFrom(returns.ValueType))
        {
            problem("an HTTP function must return IResult, Task<IResult> or ValueTask<IResult> (or an IResult type); HttpResponseData, IActionResult and multi-output types are not supported by the local runner.");
        }

        var routeTemplate = (attribute.Route ?? name).Trim('/');
        RoutePattern pattern;
        try
        {
            pattern = RoutePatternFactory.Parse(routeTemplate);
        }
        catch (RoutePatternException ex)
        {
            problem($"the route '{routeTemplate}' is not a valid route template: {ex.Message}");
            return null;
        }

        var methods = (attribute.Methods ?? []).Select(m => m.Trim().ToUpperInvariant()).Where(m => m.Length > 0).Distinct().ToList();
        return new HttpTriggerDescriptor(attribute.AuthLevel, methods, attribute.Route, routeTemplate, [.. pattern.Parameters.Select(p => p.Name)]);
    }

    private static void RequireNoValue(FunctionReturn returns, Action<string> problem)
    {
        if (returns.ValueType is not null)
        {
            problem("a timer or queue function must return void, Task or ValueTask (return values are output bindings, which the local runner does not support).");
        }
    }

    /// <summary>Two HTTP functions whose routes have the same shape and share a method would be ambiguous at runtime.</summary>
    private static IEnumerable<string> FindRouteConflicts(List<FunctionDescriptor> functions)
    {
        var http = functions.Where(f => f.Http is not null).ToList();
        for (var i = 0; i < http.Count; i++)
        {
            for (var j = i + 1; j < http.Count; j++)
            {
                var (a, b) = (http[i].Http!, http[j].Http!);
                var sharesMethod = a.Methods.Count == 0 || b.Methods.Count == 0 || a.Methods.Intersect(b.Methods).Any();
                if (sharesMethod && string.Equals(RouteShape(a.RouteTemplate), RouteShape(b.RouteTemplate), StringComparison.Ordinal))
                {
                    yield return $"Functions '{http[i].Name}' and '{http[j].Name}' both answer {string.Join("/", a.Methods.Count == 0 ? b.Methods : a.Methods)} on route '{a.RouteTemplate}'.";
                }
            }
        }
    }

    private static string RouteShape(string template) =>
        string.Join('/', RoutePatternFactory.Parse(template).PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content.ToUpperInvariant(),
            RoutePatternParameterPart parameter =>
                $"{{{(parameter.IsCatchAll ? "*" : "")}{string.Join(':', parameter.ParameterPolicies.Select(p => p.Content))}{(parameter.IsOptional ? "?" : "")}}}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "?",
        }))));

    [GeneratedRegex("^[a-z][a-z0-9_\\-]{0,127}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FunctionNamePattern();
}
