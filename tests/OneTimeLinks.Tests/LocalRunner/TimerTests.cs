using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OneTimeLinks.LocalRunner;

namespace OneTimeLinks.Tests.LocalRunner;

/// <summary>Timer triggers: NCRONTAB with seconds, %Setting% schedules, RunOnStartup, no overlapping runs.</summary>
public sealed class TimerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 1, TimeSpan.Zero);

    [Theory]
    [InlineData("%Sweep:Schedule%")]
    [InlineData("%Sweep__Schedule%")]
    public void Schedule_ResolvesSettingReferences_WithColonOrDoubleUnderscore(string declared)
    {
        var configuration = Configuration(("Sweep:Schedule", "0 */5 * * * *"));

        var schedule = TimerSchedule.Resolve(declared, configuration);

        Assert.Equal("0 */5 * * * *", schedule.Expression);
    }

    [Fact]
    public void Schedule_FindsASettingStoredUnderItsEnvironmentVariableName()
    {
        var configuration = Configuration(("Sweep__Schedule", "30 * * * * *"));

        Assert.Equal("30 * * * * *", TimerSchedule.Resolve("%Sweep:Schedule%", configuration).Expression);
    }

    [Fact]
    public void Schedule_WithAMissingSetting_FailsNamingIt()
    {
        var ex = Assert.Throws<LocalRunnerStartupException>(() => TimerSchedule.Resolve("%Sweep:Schedule%", Configuration()));

        Assert.Contains("Sweep:Schedule", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*/5 * * * *")] // five fields: the host requires seconds
    [InlineData("0 */5 * * * * *")]
    [InlineData("0 */5 * * * nonsense")]
    public void Schedule_MustBeSixFieldNcrontab(string expression) =>
        Assert.Throws<LocalRunnerStartupException>(() => TimerSchedule.Parse(expression));

    [Fact]
    public void Schedule_ComputesOccurrencesInUtc()
    {
        var schedule = TimerSchedule.Parse("0 */5 * * * *");

        var next = schedule.GetNextOccurrence(new DateTimeOffset(2026, 3, 29, 1, 2, 30, TimeSpan.FromHours(2)));

        Assert.Equal(new DateTimeOffset(2026, 3, 28, 23, 5, 0, TimeSpan.Zero), next);
        Assert.Equal(TimeSpan.Zero, next!.Value.Offset);
    }

    [Fact]
    public void Schedule_AcceptsAConstantInterval_AsTheHostDoes()
    {
        var schedule = TimerSchedule.Parse("00:00:30");

        Assert.True(schedule.IsInterval);
        Assert.Equal(Start.AddSeconds(30), schedule.GetNextOccurrence(Start));
    }

    [Fact]
    public async Task Timer_FiresOnItsSchedule_WithScheduleStatus()
    {
        var time = new FakeTimeProvider(Start);
        await using var runner = await SampleRunner.StartAsync(
            [typeof(SampleTimerFunctions)], settings: new Dictionary<string, string?> { ["Sample:Schedule"] = "*/5 * * * * *" }, time: time);

        var first = await AdvanceUntilAsync(time, runner.Recorder, count: 1);
        var second = await AdvanceUntilAsync(time, runner.Recorder, count: 2);

        Assert.Equal("*/5 * * * * *", runner.Services.GetRequiredService<TimerScheduler>().GetSchedule("Tick").Expression);
        Assert.False(first.Timer.IsPastDue);
        Assert.Equal(DateTime.MinValue, first.Timer.ScheduleStatus!.Last);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 10, DateTimeKind.Utc), first.Timer.ScheduleStatus.Next);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 5, DateTimeKind.Utc), second.Timer.ScheduleStatus!.Last);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 15, DateTimeKind.Utc), second.Timer.ScheduleStatus.Next);
    }

    [Fact]
    public async Task RunOnStartup_RunsOnceWhenTheRunnerStarts()
    {
        await using var runner = await SampleRunner.StartAsync([typeof(SampleStartupTimerFunctions)], time: new FakeTimeProvider(Start));

        var invocation = await runner.Recorder.WaitForAsync<TimerInvocation>();

        Assert.Equal("StartupTick", invocation.Function);
        Assert.Equal(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), invocation.Timer.ScheduleStatus!.Next);
    }

    [Fact]
    public async Task Runs_NeverOverlap_ScheduledOccurrencesAreSkipped_AndRunNowWaits()
    {
        var time = new FakeTimeProvider(Start);
        await using var runner = await SampleRunner.StartAsync([typeof(SampleSlowTimerFunctions)], time: time);
        var scheduler = runner.Services.GetRequiredService<TimerScheduler>();
        var recorder = runner.Recorder;

        var firstRun = scheduler.RunNowAsync("SlowTick");
        Assert.True(await recorder.Started.WaitAsync(TimeSpan.FromSeconds(10)));
        var secondRun = scheduler.RunNowAsync("SlowTick");
        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10)); // scheduled occurrences while the first run still runs
            await Task.Delay(50);
        }

        Assert.False(await recorder.Started.WaitAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Single(recorder.Invocations);

        recorder.Release.Release();
        Assert.True((await firstRun).Succeeded);
        Assert.True(await recorder.Started.WaitAsync(TimeSpan.FromSeconds(10)));
        recorder.Release.Release();
        Assert.True((await secondRun).Succeeded);

        Assert.Equal(2, recorder.Invocations.Count);
        Assert.Equal(1, recorder.MaxConcurrent);
    }

    [Fact]
    public async Task AdminApi_RunsATimerNow()
    {
        await using var runner = await SampleRunner.StartAsync(
            [typeof(SampleTimerFunctions)], settings: new Dictionary<string, string?> { ["Sample:Schedule"] = "0 0 0 1 1 *" }, time: new FakeTimeProvider(Start));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/functions/tick");
        request.Headers.Add(FunctionKeys.HeaderName, SampleRunner.MasterKey);

        using var response = await runner.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Tick", (await runner.Recorder.WaitForAsync<TimerInvocation>()).Function);
    }

    [Fact]
    public void Build_FailsOnAnInvalidSchedule()
    {
        var ex = Assert.Throws<LocalRunnerStartupException>(() => SampleRunner.Build(
            [typeof(SampleTimerFunctions)], new SampleRecorder(), settings: new Dictionary<string, string?> { ["Sample:Schedule"] = "*/5 * * * *" }));

        Assert.Contains("Tick", ex.Message, StringComparison.Ordinal);
        Assert.Contains("six-field", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FailsOnAMissingScheduleSetting()
    {
        var ex = Assert.Throws<LocalRunnerStartupException>(() => SampleRunner.Build([typeof(SampleTimerFunctions)], new SampleRecorder()));

        Assert.Contains("Sample:Schedule", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Moves the fake clock a second at a time (giving the scheduler real time to react) until the timer ran
    /// <paramref name="count"/> times.</summary>
    private static async Task<TimerInvocation> AdvanceUntilAsync(FakeTimeProvider time, SampleRecorder recorder, int count)
    {
        for (var i = 0; i < 200 && recorder.Invocations.Count < count; i++)
        {
            await Task.Delay(20);
            if (recorder.Invocations.Count < count)
            {
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        await Task.Delay(20);
        Assert.Equal(count, recorder.Invocations.Count);
        return (TimerInvocation)recorder.Invocations.ElementAt(count - 1);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
