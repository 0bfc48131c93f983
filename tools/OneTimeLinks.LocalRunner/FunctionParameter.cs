using System.Globalization;
using System.Reflection;

namespace OneTimeLinks.LocalRunner;

internal enum FunctionParameterKind
{
    /// <summary>The trigger value: HttpRequest, TimerInfo, the queue message.</summary>
    Trigger,

    /// <summary>The invocation's cancellation token.</summary>
    CancellationToken,

    /// <summary>A value bound by name: an HTTP route value, or queue trigger metadata (dequeueCount, id, ...).</summary>
    Named,
}

internal sealed record FunctionParameter(FunctionParameterKind Kind, string Name, Type Type)
{
    public object? Bind(InvocationBindings bindings) => Kind switch
    {
        FunctionParameterKind.Trigger => bindings.Trigger,
        FunctionParameterKind.CancellationToken => bindings.CancellationToken,
        _ => Convert(bindings.GetNamedValue(Name)),
    };

    private object? Convert(object? value)
    {
        if (value is null)
        {
            return Type.IsValueType && Nullable.GetUnderlyingType(Type) is null ? Activator.CreateInstance(Type) : null;
        }

        if (Type.IsInstanceOfType(value))
        {
            return value;
        }

        var target = Nullable.GetUnderlyingType(Type) ?? Type;
        return target == typeof(string)
            ? System.Convert.ToString(value, CultureInfo.InvariantCulture)
            : System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }
}

/// <summary>The values one invocation binds its parameters from.</summary>
internal sealed class InvocationBindings(object trigger, Func<string, object?> namedValues, CancellationToken cancellationToken)
{
    public object Trigger { get; } = trigger;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public object? GetNamedValue(string name) => namedValues(name);
}

internal enum FunctionReturnShape
{
    Void,
    Task,
    ValueTask,
    Value,
    TaskOfValue,
    ValueTaskOfValue,
}

/// <summary>How to await a function's return value and get its result (an IResult for HTTP functions).</summary>
internal sealed class FunctionReturn
{
    private readonly PropertyInfo? _taskResult;
    private readonly MethodInfo? _valueTaskAsTask;

    private FunctionReturn(FunctionReturnShape shape, Type? valueType)
    {
        Shape = shape;
        ValueType = valueType;
        if (shape == FunctionReturnShape.TaskOfValue)
        {
            _taskResult = typeof(Task<>).MakeGenericType(valueType!).GetProperty(nameof(Task<int>.Result));
        }
        else if (shape == FunctionReturnShape.ValueTaskOfValue)
        {
            _valueTaskAsTask = typeof(ValueTask<>).MakeGenericType(valueType!).GetMethod(nameof(ValueTask<int>.AsTask));
            _taskResult = typeof(Task<>).MakeGenericType(valueType!).GetProperty(nameof(Task<int>.Result));
        }
    }

    public FunctionReturnShape Shape { get; }

    /// <summary>The produced value's type; null when the function produces nothing.</summary>
    public Type? ValueType { get; }

    public static FunctionReturn For(Type returnType)
    {
        if (returnType == typeof(void))
        {
            return new FunctionReturn(FunctionReturnShape.Void, null);
        }

        if (returnType == typeof(Task))
        {
            return new FunctionReturn(FunctionReturnShape.Task, null);
        }

        if (returnType == typeof(ValueTask))
        {
            return new FunctionReturn(FunctionReturnShape.ValueTask, null);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return new FunctionReturn(FunctionReturnShape.TaskOfValue, returnType.GetGenericArguments()[0]);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return new FunctionReturn(FunctionReturnShape.ValueTaskOfValue, returnType.GetGenericArguments()[0]);
        }

        return new FunctionReturn(FunctionReturnShape.Value, returnType);
    }

    public async Task<object?> AwaitAsync(object? returned)
    {
        switch (Shape)
        {
            case FunctionReturnShape.Void:
                return null;
            case FunctionReturnShape.Value:
                return returned;
            case FunctionReturnShape.Task:
                await ((Task)returned!).ConfigureAwait(false);
                return null;
            case FunctionReturnShape.ValueTask:
                await ((ValueTask)returned!).ConfigureAwait(false);
                return null;
            case FunctionReturnShape.TaskOfValue:
            {
                var task = (Task)returned!;
                await task.ConfigureAwait(false);
                return _taskResult!.GetValue(task);
            }

            default:
            {
                var task = (Task)_valueTaskAsTask!.Invoke(returned, null)!;
                await task.ConfigureAwait(false);
                return _taskResult!.GetValue(task);
            }
        }
    }
}
