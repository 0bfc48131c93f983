using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using OneTimeLinks.Core.Events;
using OneTimeLinks.Core.Sweeping;
using OneTimeLinks.Functions.Sweeping;
using OneTimeLinks.Tests.Infrastructure;

namespace OneTimeLinks.Tests.Sweeping;

[Collection(AzuriteCollection.Name)]
public sealed class SweepFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public void SweepFunction_IsATimerNamedSweep_OnTheSweepScheduleAppSetting()
    {
        var method = typeof(SweepFunction).GetMethod(nameof(SweepFunction.RunAsync))!;

        Assert.Equal("Sweep", method.GetCustomAttribute<FunctionAttribute>()!.Name);
        var trigger = method.GetParameters()[0].GetCustomAttribute<TimerTriggerAttribute>()!;
        Assert.Equal("%SweepSchedule%", trigger.Schedule);
        Assert.False(trigger.RunOnStartup);
    }

    [Fact]
    public async Task SweepFunction_RunsOneSweep()
    {
        await using var harness = await SweepHarness.CreateAsync(azurite);
        var app = harness.CreateInstance();
        await app.CreateCalendarAsync("function-cal");
        await app.GenerateAsync("function-cal", SweepHarness.DefaultNow.AddMinutes(1));
        app.Time.Advance(TimeSpan.FromMinutes(1));

        await new SweepFunction(app.Services.GetRequiredService<ISweepService>()).RunAsync(new TimerInfo(), CancellationToken.None);

        Assert.Single(harness.Events.OfType(LinkEventTypes.Expired));
        Assert.Contains(harness.Logs.Lines, line => line.StartsWith("Sweep finished: expired 1, purged 0, redelivered 0 in ", StringComparison.Ordinal));
    }
}
