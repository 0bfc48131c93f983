using System.Diagnostics;
using System.Reflection;
using Azure.Data.Tables;
using Microsoft.Azure.Functions.Worker;
using OneTimeLinks.Core.Storage;
using OneTimeLinks.Core.Sweeping;
using OneTimeLinks.Functions.Sweeping;

namespace OneTimeLinks.Tests.Sweeping;

/// <summary>
/// The Sweep function: a timer on the SweepSchedule setting that runs one sweep, and the sweep as ops run it (the real app
/// in the local runner, "run now" through the host's admin API).
/// </summary>
public sealed class SweepFunctionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
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

    [Fact]
    public async Task AdminApi_RunsTheSweepNow_WithTheMasterKeyOnly()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.CreateCalendarAsync("runner-cal");
        var link = await app.GenerateLinkAsync("runner-cal", new { expiresAt = TestApp.DefaultNow.AddMinutes(5).ToString("O") });
        var linkId = link["linkId"]!.GetValue<string>();
        app.Time.Advance(TimeSpan.FromMinutes(5));

        using var withFunctionKey = await app.Management.PostAsync("/admin/functions/Sweep", JsonBody());
        Assert.Equal(HttpStatusCode.Unauthorized, withFunctionKey.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/functions/Sweep") { Content = JsonBody() };
        request.Headers.Add("x-functions-key", TestApp.MasterKey);
        using var response = await app.Public.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // The host answers 202 at once and runs the function in the background.
        var stopwatch = Stopwatch.StartNew();
        string? status = null;
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(15))
        {
            var row = await app.Table.GetEntityIfExistsAsync<TableEntity>(TableKeys.CalendarPartition("runner-cal"), TableKeys.LinkRow(linkId));
            status = row.Value!.GetString("Status");
            if (status == "expired")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("expired", status);
    }

    private static StringContent JsonBody() => new("{}", System.Text.Encoding.UTF8, "application/json");
}
