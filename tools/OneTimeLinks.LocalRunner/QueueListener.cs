using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// Polls the storage queues of the queue-triggered functions (Azurite locally), with the queue extension's semantics and
/// host.json's <c>extensions.queues</c>:
/// <list type="bullet">
/// <item>receives up to <c>batchSize</c> messages and processes them concurrently; an empty poll backs off
/// exponentially (with jitter) from 100 ms to <c>maxPollingInterval</c>, a non-empty one polls again at once;</item>
/// <item>a received message is leased (invisible) for <see cref="LocalRunnerHostOptions.QueueMessageLease"/>, and the
/// lease is renewed while the function runs (the host leases for 10 minutes; a shorter lease makes a message held by a
/// crashed runner reappear sooner locally);</item>
/// <item>success deletes the message; failure makes it visible again after <c>visibilityTimeout</c>, or, once its
/// DequeueCount reached <c>maxDequeueCount</c>, copies it unchanged to <c>&lt;queue&gt;-poison</c> and deletes it;</item>
/// <item>a body that is not valid Base64 (with <c>messageEncoding: base64</c>) goes to the poison queue without an
/// invocation, as the host does; a message whose DequeueCount already exceeds <c>maxDequeueCount</c> (its earlier
/// attempts never completed, e.g. the process died) is poisoned without another invocation;</item>
/// <item>the queue and its poison queue are created when missing.</item>
/// </list>
/// Queue names and connection strings are resolved when the host is built, so a missing setting fails the start.
/// </summary>
public sealed partial class QueueListener : BackgroundService
{
    private readonly Dictionary<string, QueueFunction> _queues;
    private readonly QueueHostOptions _options;
    private readonly TimeSpan _lease;
    private readonly FunctionInvoker _invoker;
    private readonly IServiceScopeFactory _scopes;

    // Polling, backoff and leases run on real time even when the app's TimeProvider is a test's fake clock.
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly ILogger<QueueListener> _logger;

    internal QueueListener(
        FunctionCatalog catalog,
        IConfiguration configuration,
        HostJson hostJson,
        LocalRunnerHostOptions runnerOptions,
        FunctionInvoker invoker,
        IServiceScopeFactory scopes,
        ILogger<QueueListener> logger)
    {
        _options = hostJson.Queues;
        _lease = runnerOptions.QueueMessageLease;
        _invoker = invoker;
        _scopes = scopes;
        _logger = logger;
        _queues = new Dictionary<string, QueueFunction>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var function in catalog.Functions.Where(f => f.Queue is not null))
        {
            try
            {
                _queues[function.Name] = CreateQueueFunction(function, configuration);
            }
            catch (LocalRunnerStartupException ex)
            {
                problems.Add($"Queue function '{function.Name}': {ex.Message}");
            }
        }

        if (problems.Count > 0)
        {
            throw LocalRunnerStartupException.FromProblems("The queue triggers cannot be used:", problems);
        }
    }

    /// <summary>The resolved queue name a queue function listens on.</summary>
    public string GetQueueName(string functionName) => Get(functionName).Queue.Name;

    /// <summary>The poison queue of a queue function; null when its queue is itself a poison queue.</summary>
    public string? GetPoisonQueueName(string functionName) => Get(functionName).Poison?.Name;

    /// <summary>
    /// Invokes a queue function with <paramref name="message"/> directly, without the queue (the admin API's "run now",
    /// as the host does): DequeueCount 1, a new id. Its failure is logged and returned, not retried or poisoned.
    /// </summary>
    public Task<InvocationOutcome> InvokeNowAsync(string functionName, string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var queue = Get(functionName);
        var now = _time.GetUtcNow();
        var synthetic = QueuesModelFactory.QueueMessage(
            Guid.NewGuid().ToString(), popReceipt: "", BinaryData.FromString(message), dequeueCount: 1, nextVisibleOn: now, insertedOn: now, expiresOn: now.AddDays(7));
        return InvokeAsync(queue, synthetic, Encoding.UTF8.GetBytes(message), HttpFunctionEndpoints.ProgrammaticReason, cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_queues.Values.Select(queue => ListenAsync(queue, stoppingToken)));

    private static QueueFunction CreateQueueFunction(FunctionDescriptor function, IConfiguration configuration)
    {
        var queueName = AppSettings.Resolve(function.Queue!.QueueName, configuration);
        if (!QueueNamePattern().IsMatch(queueName))
        {
            throw new LocalRunnerStartupException(
                $"'{queueName}' is not a valid queue name: 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.");
        }

        var connectionString = ResolveConnectionString(configuration, function.Queue.ConnectionSettingName);

        // Bodies are read and written raw (encoding None) and decoded here per host.json, so a body that is not valid
        // Base64 can be moved to the poison queue exactly as it arrived.
        var clientOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };

        // Fewer transport retries than the SDK's default 6 (about half a minute): a stopped Azurite shows in the log
        // within seconds, and the listener keeps polling anyway.
        clientOptions.Retry.MaxRetries = 2;
        try
        {
            var queue = new QueueClient(connectionString, queueName, clientOptions);
            const string PoisonSuffix = "-poison";
            var poison = queueName.EndsWith(PoisonSuffix, StringComparison.Ordinal) || queueName.Length + PoisonSuffix.Length > 63
                ? null
                : new QueueClient(connectionString, queueName + PoisonSuffix, clientOptions);
            return new QueueFunction(function, queue, poison);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new LocalRunnerStartupException(
                $"the connection setting '{function.Queue.ConnectionSettingName}' is not a usable storage connection string ({ex.Message}).", ex);
        }
    }

    /// <summary>Like the host: the setting itself, then ConnectionStrings:X, then AzureWebJobsX.</summary>
    private static string ResolveConnectionString(IConfiguration configuration, string settingName)
    {
        foreach (var candidate in new[] { settingName, $"ConnectionStrings:{settingName}", $"AzureWebJobs{settingName}" })
        {
            if (AppSettings.Find(configuration, candidate) is { } value)
            {
                return value;
            }
        }

        if (configuration.GetSection(settingName).GetChildren().Any())
        {
            throw new LocalRunnerStartupException(
                $"the connection '{settingName}' is identity-based ({settingName}__queueServiceUri ...); the local runner needs a connection string.");
        }

        throw new LocalRunnerStartupException(
            $"the connection setting '{settingName}' is missing. Set it to a full storage connection string, e.g. for Azurite " +
            "'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=<Azurite's well-known key>;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;' " +
            "(scripts/run-local.sh exports it).");
    }

    private async Task ListenAsync(QueueFunction queue, CancellationToken stoppingToken)
    {
        try
        {
            await EnsureQueuesExistAsync(queue, stoppingToken).ConfigureAwait(false);
            var delay = QueueHostOptions.MinimumPollingInterval;
            while (!stoppingToken.IsCancellationRequested)
            {
                QueueMessage[] batch;
                try
                {
                    batch = (await queue.Queue.ReceiveMessagesAsync(_options.BatchSize, _lease, stoppingToken).ConfigureAwait(false)).Value;
                }
                catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
                {
                    await EnsureQueuesExistAsync(queue, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                catch (Exception ex) when (IsStorageFailure(ex))
                {
                    // Azurite stopped or unreachable (the SDK's retries are exhausted): keep polling, as the host does.
                    LogReceiveFailed(_logger, queue.Queue.Name, queue.Queue.Uri.GetLeftPart(UriPartial.Authority), Reason(ex));
                    await Task.Delay(_options.MaxPollingInterval, _time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                if (batch.Length == 0)
                {
                    delay = NextPollingDelay(delay);
                    await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                delay = QueueHostOptions.MinimumPollingInterval;
                await Task.WhenAll(batch.Select(message => ProcessAsync(queue, message, stoppingToken))).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The runner is stopping.
        }
    }

    /// <summary>A storage call failed: a service error, or transport failures the SDK's retry policy gave up on.</summary>
    private static bool IsStorageFailure(Exception ex) => ex is RequestFailedException or AggregateException or HttpRequestException;

    /// <summary>The root cause in one line (the SDK wraps exhausted transport retries in an AggregateException).</summary>
    private static string Reason(Exception ex) =>
        (ex is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.InnerExceptions[^1] : ex).GetBaseException().Message;

    /// <summary>Randomized exponential backoff, as the host's RandomizedExponentialBackoffStrategy.</summary>
    private TimeSpan NextPollingDelay(TimeSpan current)
    {
#pragma warning disable CA5394 // Jitter, not security.
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
#pragma warning restore CA5394
        var next = TimeSpan.FromMilliseconds(current.TotalMilliseconds * 2 * jitter);
        return next > _options.MaxPollingInterval ? _options.MaxPollingInterval : next < QueueHostOptions.MinimumPollingInterval ? QueueHostOptions.MinimumPollingInterval : next;
    }

    private async Task EnsureQueuesExistAsync(QueueFunction queue, CancellationToken stoppingToken)
    {
        var wait = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await queue.Queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                if (queue.Poison is not null)
                {
                    await queue.Poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                }

                return;
            }
            catch (Exception ex) when (IsStorageFailure(ex))
            {
                LogStorageUnavailable(_logger, queue.Queue.Name, queue.Queue.Uri.GetLeftPart(UriPartial.Authority), Reason(ex), wait.TotalSeconds);
                await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
                wait = TimeSpan.FromSeconds(Math.Min(wait.TotalSeconds * 2, 30));
            }
        }
    }

    private async Task ProcessAsync(QueueFunction queue, QueueMessage message, CancellationToken stoppingToken)
    {
        var lease = new MessageLease(message.MessageId, message.PopReceipt);
        try
        {
            var rawText = message.Body.ToString();
            if (!TryDecode(rawText, out var body))
            {
                LogUndecodable(_logger, message.MessageId, queue.Queue.Name);
                await MoveToPoisonAsync(queue, lease, rawText).ConfigureAwait(false);
                return;
            }

            if (message.DequeueCount > _options.MaxDequeueCount && queue.Poison is not null)
            {
                LogPoisoned(_logger, message.MessageId, _options.MaxDequeueCount, queue.Poison.Name);
                await MoveToPoisonAsync(queue, lease, rawText).ConfigureAwait(false);
                return;
            }

            InvocationOutcome outcome;
            using (var renewal = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                var renewing = RenewLeaseAsync(queue, lease, renewal.Token);
                var decoded = QueuesModelFactory.QueueMessage(
                    message.MessageId, message.PopReceipt, new BinaryData(body), message.DequeueCount, message.NextVisibleOn, message.InsertedOn, message.ExpiresOn);
                outcome = await InvokeAsync(queue, decoded, body, $"New queue message detected on '{queue.Queue.Name}'.", stoppingToken).ConfigureAwait(false);
                await renewal.CancelAsync().ConfigureAwait(false);
                await renewing.ConfigureAwait(false);
            }

            if (outcome.Succeeded)
            {
                await queue.Queue.DeleteMessageAsync(lease.MessageId, lease.PopReceipt, CancellationToken.None).ConfigureAwait(false);
            }
            else if (stoppingToken.IsCancellationRequested)
            {
                // Stopped mid-run: hand the message back at once for the next start.
                await ReleaseAsync(queue, lease, TimeSpan.Zero).ConfigureAwait(false);
            }
            else if (queue.Poison is not null && message.DequeueCount >= _options.MaxDequeueCount)
            {
                LogPoisoned(_logger, message.MessageId, _options.MaxDequeueCount, queue.Poison.Name);
                await MoveToPoisonAsync(queue, lease, rawText).ConfigureAwait(false);
            }
            else
            {
                await ReleaseAsync(queue, lease, _options.VisibilityTimeout).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 404)
        {
            // The lease was lost (it lapsed and another receiver took the message, or it was deleted): at-least-once.
            LogLeaseLost(_logger, message.MessageId, queue.Queue.Name, ex.ErrorCode);
        }
#pragma warning disable CA1031 // One message's storage failure must not stop the listener; the message reappears after its lease.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogProcessingFailed(_logger, ex, message.MessageId, queue.Queue.Name);
        }
    }

    private Task<InvocationOutcome> InvokeAsync(QueueFunction queue, QueueMessage message, byte[] body, string reason, CancellationToken cancellationToken) =>
        InvokeInScopeAsync(queue.Function, ConvertTrigger(queue.Function, message, body), reason, name => MetadataValue(name, message, body), cancellationToken);

    private async Task<InvocationOutcome> InvokeInScopeAsync(FunctionDescriptor function, object trigger, string reason, Func<string, object?> metadata, CancellationToken cancellationToken)
    {
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            return await _invoker.InvokeAsync(function, scope.ServiceProvider, new InvocationBindings(trigger, metadata, cancellationToken), reason).ConfigureAwait(false);
        }
    }

    private static object ConvertTrigger(FunctionDescriptor function, QueueMessage message, byte[] body)
    {
        var type = function.Parameters.Single(p => p.Kind == FunctionParameterKind.Trigger).Type;
        return type == typeof(string) ? Encoding.UTF8.GetString(body)
            : type == typeof(byte[]) ? body
            : type == typeof(BinaryData) ? new BinaryData(body)
            : message;
    }

    /// <summary>The queue trigger's binding data, bindable by parameter name.</summary>
    private static object? MetadataValue(string name, QueueMessage message, byte[] body) => name.ToUpperInvariant() switch
    {
        "DEQUEUECOUNT" => message.DequeueCount,
        "ID" => message.MessageId,
        "POPRECEIPT" => message.PopReceipt,
        "QUEUETRIGGER" => Encoding.UTF8.GetString(body),
        "INSERTIONTIME" => message.InsertedOn,
        "EXPIRATIONTIME" => message.ExpiresOn,
        "NEXTVISIBLETIME" => message.NextVisibleOn,
        _ => null,
    };

    private bool TryDecode(string rawText, out byte[] body)
    {
        if (_options.MessageEncoding == QueueMessageEncoding.None)
        {
            body = Encoding.UTF8.GetBytes(rawText);
            return true;
        }

        try
        {
            body = Convert.FromBase64String(rawText);
            return true;
        }
        catch (FormatException)
        {
            body = [];
            return false;
        }
    }

    /// <summary>Extends the lease every third of its length until cancelled. The update itself is never cancelled, so the
    /// latest pop receipt is always known when the message is completed.</summary>
    private async Task RenewLeaseAsync(QueueFunction queue, MessageLease lease, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_lease / 3, _time, cancellationToken).ConfigureAwait(false);
                var receipt = await queue.Queue.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, message: (BinaryData?)null, visibilityTimeout: _lease, CancellationToken.None).ConfigureAwait(false);
                lease.PopReceipt = receipt.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException)
        {
            // The invocation ended.
        }
        catch (RequestFailedException ex)
        {
            LogLeaseLost(_logger, lease.MessageId, queue.Queue.Name, ex.ErrorCode);
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            LogLeaseLost(_logger, lease.MessageId, queue.Queue.Name, Reason(ex));
        }
    }

    private static async Task ReleaseAsync(QueueFunction queue, MessageLease lease, TimeSpan visibilityTimeout) =>
        await queue.Queue.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, message: (BinaryData?)null, visibilityTimeout, CancellationToken.None).ConfigureAwait(false);

    /// <summary>Copies the message body as it was stored (still encoded) to the poison queue, then deletes the original.</summary>
    private static async Task MoveToPoisonAsync(QueueFunction queue, MessageLease lease, string rawText)
    {
        if (queue.Poison is null)
        {
            return;
        }

        await queue.Poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
        await queue.Poison.SendMessageAsync(rawText, CancellationToken.None).ConfigureAwait(false);
        await queue.Queue.DeleteMessageAsync(lease.MessageId, lease.PopReceipt, CancellationToken.None).ConfigureAwait(false);
    }

    private QueueFunction Get(string functionName) =>
        _queues.GetValueOrDefault(functionName) ?? throw new ArgumentException($"No queue function is named '{functionName}'.", nameof(functionName));

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex QueueNamePattern();

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Message has reached MaxDequeueCount of {MaxDequeueCount}. Moving message '{MessageId}' to queue '{PoisonQueue}'.")]
    private static partial void LogPoisoned(ILogger logger, string messageId, int maxDequeueCount, string poisonQueue);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Message '{MessageId}' on queue '{Queue}' is not valid Base64 (host.json extensions.queues.messageEncoding); moving it to the poison queue.")]
    private static partial void LogUndecodable(ILogger logger, string messageId, string queue);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "The lease on message '{MessageId}' of queue '{Queue}' was lost ({ErrorCode}); the message may be processed again.")]
    private static partial void LogLeaseLost(ILogger logger, string messageId, string queue, string? errorCode);

    [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "Processing message '{MessageId}' of queue '{Queue}' failed; it becomes visible again when its lease ends.")]
    private static partial void LogProcessingFailed(ILogger logger, Exception exception, string messageId, string queue);

    [LoggerMessage(EventId = 24, Level = LogLevel.Error, Message = "Polling queue '{Queue}' at {Endpoint} failed ({Reason}); polling again.")]
    private static partial void LogReceiveFailed(ILogger logger, string queue, string endpoint, string reason);

    [LoggerMessage(EventId = 25, Level = LogLevel.Error, Message = "Cannot reach queue '{Queue}' at {Endpoint}: {Reason}. Is Azurite running (scripts/run-local.sh starts it)? Retrying in {Seconds}s.")]
    private static partial void LogStorageUnavailable(ILogger logger, string queue, string endpoint, string reason, double seconds);

    private sealed class QueueFunction(FunctionDescriptor function, QueueClient queue, QueueClient? poison)
    {
        public FunctionDescriptor Function { get; } = function;

        public QueueClient Queue { get; } = queue;

        public QueueClient? Poison { get; } = poison;
    }

    private sealed class MessageLease(string messageId, string popReceipt)
    {
        public string MessageId { get; } = messageId;

        public string PopReceipt { get; set; } = popReceipt;
    }
}
