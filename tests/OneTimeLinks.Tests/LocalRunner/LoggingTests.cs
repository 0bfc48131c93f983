using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using OneTimeLinks.LocalRunner;

namespace OneTimeLinks.Tests.LocalRunner;

/// <summary>Public link URLs carry a secret token and keys travel as ?code=: no log line may contain a request URL.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task RequestPathsAndQueryStrings_NeverReachTheLog_EvenAtTrace()
    {
        var sink = new CapturingLoggerProvider();
        const string Token = "SECRET-TOKEN-4f1c2a9e";
        await using (var runner = await SampleRunner.StartAsync(
            [typeof(SampleHttpFunctions)],
            logging: logging =>
            {
                logging.SetMinimumLevel(LogLevel.Trace);
                logging.AddProvider(sink);
            }))
        {
            using var opened = await runner.Client.GetAsync($"/api/open/{Token}");
            using var failed = await runner.Client.GetAsync($"/api/boom?code={Token}");
            using var missing = await runner.Client.GetAsync($"/api/unknown/{Token}");
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        Assert.DoesNotContain(sink.Lines, line => line.Contains(Token, StringComparison.Ordinal));
        Assert.DoesNotContain(sink.Lines, line => line.Contains("/api/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invocations_AreLoggedLikeTheHost()
    {
        var sink = new CapturingLoggerProvider();
        await using (var runner = await SampleRunner.StartAsync([typeof(SampleHttpFunctions)], logging: logging => logging.AddProvider(sink)))
        {
            using var opened = await runner.Client.GetAsync("/api/open/abc");
            using var failed = await runner.Client.GetAsync("/api/boom");
        }

        Assert.Contains(sink.Lines, l => l.StartsWith("Function.OpenSample: Executing 'Functions.OpenSample' (Reason=", StringComparison.Ordinal));
        Assert.Contains(sink.Lines, l => l.StartsWith("Function.OpenSample: Executed 'Functions.OpenSample' (Succeeded, Id=", StringComparison.Ordinal));
        Assert.Contains(sink.Lines, l => l.StartsWith("Function.Boom: Executed 'Functions.Boom' (Failed, Id=", StringComparison.Ordinal)
                                         && l.Contains("Sensitive internals", StringComparison.Ordinal));
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
