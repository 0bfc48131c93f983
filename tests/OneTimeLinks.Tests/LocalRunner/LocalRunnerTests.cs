using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.WorkflowRequests;
using OneTimeLinks.LocalRunner;

namespace OneTimeLinks.Tests.LocalRunner;

/// <summary>
/// The runner stands in for the Functions host: it loads what the host would load (the build's functions.metadata) into
/// the unchanged worker, and keeps the host's answers for keys, unknown routes, failures and its admin API.
/// </summary>
public sealed class LocalRunnerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Start_LoadsEveryFunctionOfTheBuildsMetadata_AndTheWorkerServesEveryHttpRoute()
    {
        var sink = new CapturingLoggerProvider();
        var metadata = FunctionsMetadata.Load(AppContext.BaseDirectory);
        await using var app = await TestApp.StartAsync(azurite, logging: l => l.AddProvider(sink));

        var loaded = app.Runner.HostServices.GetRequiredService<WorkerChannel>();
        Assert.True(loaded.Loaded.IsCompletedSuccessfully);
        Assert.Equal(metadata.Select(f => f.Name).Order(), loaded.Functions.Select(f => f.Name).Order());
        Assert.Contains(metadata, f => f.TriggerType == FunctionMetadata.QueueTrigger);
        Assert.Contains(metadata, f => f.TriggerType == FunctionMetadata.TimerTrigger);

        foreach (var function in metadata.Where(f => f.IsHttp))
        {
            var path = "/api/" + System.Text.RegularExpressions.Regex.Replace(function.Route, @"\{[^}]+\}", "x1");
            using var request = new HttpRequestMessage(new HttpMethod(function.Methods[0]), path);
            if (function.Methods[0] is "POST" or "PUT")
            {
                request.Content = JsonContent.Create(new { });
            }

            using var response = await app.Management.SendAsync(request);

            // The runner's own 404 (no such route) has no body; every function answers something, even for unknown ids.
            Assert.False(response.StatusCode == HttpStatusCode.NotFound && (await response.Content.ReadAsByteArrayAsync()).Length == 0, $"{function.Name}: {path}");
            Assert.Contains(sink.Lines, l => l.StartsWith($"Function.{function.Name}: Executed 'Functions.{function.Name}' (Succeeded, Id=", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task FunctionLevelRoute_WithoutOrWithAWrongKey_Is401Problem_AndHeaderQueryOrMasterKeyIsAccepted()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var path = $"/api/calendars/{CalendarId}";

        using var none = await app.Public.GetAsync(path);
        using var wrong = await app.Public.GetAsync(path + "?code=wrong");
        using var query = await app.Public.GetAsync(path + "?code=" + TestApp.FunctionKey);
        using var header = await app.Management.GetAsync(path);
        using var master = await app.Public.GetAsync(path + "?code=" + TestApp.MasterKey);

        var problem = await none.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(FunctionKeys.HeaderName, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        Assert.Equal(HttpStatusCode.OK, master.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/no-such-route")]
    [InlineData("DELETE", "/api/calendars/c1")]
    [InlineData("HEAD", "/api/health")]
    public async Task UnknownRouteOrMethodNotListed_Is404WithNoBody_AsTheFunctionsHostAnswers(string method, string path)
    {
        await using var app = await TestApp.StartAsync(azurite);

        using var response = await app.Management.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task UnhandledException_Is500GenericProblem_AndTheFailureIsLogged()
    {
        var sink = new CapturingLoggerProvider();
        var clock = new FailingClock();
        await using var app = await TestApp.StartAsync(azurite, services: s => s.AddSingleton<TimeProvider>(clock), logging: l => l.AddProvider(sink));
        clock.Fail = true;

        using var response = await app.Management.PutAsJsonAsync($"/api/calendars/{CalendarId}", new { name = "Clinic", timeZone = "UTC" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        Assert.True(Guid.TryParse(problem["invocationId"]!.GetValue<string>(), out _));
        Assert.DoesNotContain(FailingClock.Secret, problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(sink.Lines, l => l.StartsWith("Function.PutCalendar: Executed 'Functions.PutCalendar' (Failed, Id=", StringComparison.Ordinal)
                                         && l.Contains(FailingClock.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_OnAFreshStorage_CreatesTheRequestQueueAndItsPoisonQueue_AsTheDeploymentDoes()
    {
        await using var app = await TestApp.StartAsync(azurite);

        // Named as the app reads them: the trigger's setting, and the poison queue the app itself writes rejects to.
        var options = app.Services.GetRequiredService<IOptions<WorkflowRequestOptions>>().Value;
        Assert.Equal(app.WorkflowRequestsQueueName, options.QueueName);
        Assert.True(await new QueueClient(azurite.ConnectionString, options.QueueName).ExistsAsync());
        Assert.True(await new QueueClient(azurite.ConnectionString, options.PoisonQueueName).ExistsAsync());
        Assert.Equal(options.QueueName + "-poison", options.PoisonQueueName);
    }

    [Fact]
    public async Task EmptyFormPost_KeepsItsContentType_SoTheWorkerSeesAForm()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var url = await app.GenerateLinkUrlAsync();
        using var booked = await app.BookJsonAsync(url, FirstSlot);
        var manageUrl = (await booked.AssertJsonAsync(HttpStatusCode.Created))["manageUrl"]!.GetValue<string>();

        // A form without fields: no body at all, only its Content-Type says it is a form (303), not JSON (200).
        using var request = new HttpRequestMessage(HttpMethod.Post, Infrastructure.Api.PathOf(manageUrl) + "/cancel")
        {
            Content = new ByteArrayContent([]) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") } },
        };
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }

    [Fact]
    public async Task AdminApi_RunsAQueueFunctionNow_WithTheMasterKeyOnly()
    {
        await using var app = await StartWithCalendarAsync(azurite);
        var message = new JsonObject { ["requestId"] = "admin-run-1", ["calendarId"] = CalendarId }.ToJsonString();

        using var withFunctionKey = await app.Management.PostAsJsonAsync("/admin/functions/ProcessWorkflowRequest", new { input = message });
        using var http = await AdminAsync(app, "GetCalendar", new { });
        using var unknown = await AdminAsync(app, "NoSuchFunction", new { });
        using var accepted = await AdminAsync(app, "ProcessWorkflowRequest", new { input = message });

        Assert.Equal(HttpStatusCode.Unauthorized, withFunctionKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, http.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        for (var attempt = 0; attempt < 100 && (await (await app.ListAsync()).ReadObjectAsync())["links"]!.AsArray().Count == 0; attempt++)
        {
            await Task.Delay(100);
        }

        Assert.Single((await (await app.ListAsync()).ReadObjectAsync())["links"]!.AsArray());
    }

    [Fact]
    public async Task RequestPathsAndQueryStrings_NeverReachTheLog_EvenAtTrace()
    {
        const string Token = "SECRET-TOKEN-4f1c2a9e";
        var sink = new CapturingLoggerProvider();
        await using (var app = await TestApp.StartAsync(
            azurite,
            settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" },
            logging: l => l.AddProvider(sink)))
        {
            using var opened = await app.Public.GetAsync($"/api/l/{Token}");
            using var keyed = await app.Public.GetAsync($"/api/calendars/c1?code={Token}");
            using var missing = await app.Public.GetAsync($"/api/unknown/{Token}");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        Assert.Contains(sink.Lines, l => l.StartsWith("Function.OpenLink: Executed", StringComparison.Ordinal));
        Assert.DoesNotContain(sink.Lines, line => line.Contains(Token, StringComparison.Ordinal));
        Assert.DoesNotContain(sink.Lines, line => line.Contains("/api/", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> AdminAsync(TestApp app, string function, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/functions/{function}") { Content = JsonContent.Create(body) };
        request.Headers.Add(FunctionKeys.HeaderName, TestApp.MasterKey);
        return await app.Public.SendAsync(request);
    }

    /// <summary>The system clock until told to fail; the failure's message must reach the log and never the client.</summary>
    private sealed class FailingClock : TimeProvider
    {
        public const string Secret = "clock internals 7d1e";

        public bool Fail { get; set; }

        public override DateTimeOffset GetUtcNow() => Fail ? throw new InvalidOperationException(Secret) : TestApp.DefaultNow;
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            // Scopes count too: a provider with IncludeScopes writes them on every line.
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                lines.Enqueue($"{category}: scope {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception)}");
        }
    }
}
