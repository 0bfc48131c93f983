using System.Reflection;
using System.Reflection.Emit;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// Base of the class the runner emits for the WebJobs SDK: one method per queue or timer function, carrying the WebJobs
/// trigger attribute built from the function's declaration, that hands the trigger value back to the runner. This is how
/// the Functions host itself indexes non-.NET and isolated functions (it emits methods from function metadata), so the
/// SDK's own listeners poll the queues and fire the timers.
/// </summary>
public abstract class TriggerTarget
{
    internal Func<string, object, CancellationToken, Task>? Dispatch { get; set; }

    protected Task InvokeAsync(string functionName, object trigger, CancellationToken cancellationToken) =>
        (Dispatch ?? throw new InvalidOperationException("The trigger target was not created by the runner's activator."))(functionName, trigger, cancellationToken);
}

/// <summary>Emits the <see cref="TriggerTarget"/> subclass for a set of queue and timer functions.</summary>
internal static class TriggerMethods
{
    private static readonly MethodInfo Invoke =
        typeof(TriggerTarget).GetMethod("InvokeAsync", BindingFlags.Instance | BindingFlags.NonPublic)!;

    public static Type Emit(IEnumerable<FunctionMetadata> functions)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("OneTimeLinks.LocalRunner.Triggers"), AssemblyBuilderAccess.Run);
        var type = assembly.DefineDynamicModule("Triggers")
            .DefineType("Functions", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(TriggerTarget));
        type.DefineDefaultConstructor(MethodAttributes.Public);
        var index = 0;
        foreach (var function in functions)
        {
            var (triggerType, attribute) = function.TriggerType switch
            {
                FunctionMetadata.QueueTrigger => (typeof(QueueMessage), new CustomAttributeBuilder(
                    typeof(QueueTriggerAttribute).GetConstructor([typeof(string)])!,
                    [function.QueueName],
                    [typeof(QueueTriggerAttribute).GetProperty(nameof(QueueTriggerAttribute.Connection))!],
                    [function.Connection])),
                FunctionMetadata.TimerTrigger => (typeof(TimerInfo), new CustomAttributeBuilder(
                    typeof(TimerTriggerAttribute).GetConstructor([typeof(string)])!,
                    [function.Schedule],
                    [
                        typeof(TimerTriggerAttribute).GetProperty(nameof(TimerTriggerAttribute.RunOnStartup))!,
                        // The schedule monitor keeps "last run" in blob storage for a fleet of instances; one local host has no use for it.
                        typeof(TimerTriggerAttribute).GetProperty(nameof(TimerTriggerAttribute.UseMonitor))!,
                    ],
                    [function.RunOnStartup, false])),
                _ => throw new ArgumentException($"{function.Name} is not a queue or timer function.", nameof(functions)),
            };

            var method = type.DefineMethod($"Run{index++}", MethodAttributes.Public, typeof(Task), [triggerType, typeof(CancellationToken)]);
            method.SetCustomAttribute(new CustomAttributeBuilder(typeof(FunctionNameAttribute).GetConstructor([typeof(string)])!, [function.Name]));
            method.DefineParameter(1, ParameterAttributes.None, function.TriggerName).SetCustomAttribute(attribute);
            method.DefineParameter(2, ParameterAttributes.None, "cancellationToken");
            var il = method.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldstr, function.Name);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldarg_2);
            il.Emit(OpCodes.Call, Invoke);
            il.Emit(OpCodes.Ret);
        }

        return type.CreateType();
    }
}
