using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using OneTimeLinks.LocalRunner.Rpc;
using RpcLogLevel = OneTimeLinks.LocalRunner.Rpc.RpcLog.Types.Level;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// The host's end of the host/worker protocol (<c>FunctionRpc.EventStream</c>). The unchanged worker connects here as it
/// connects to the Functions host; the channel then does what the host does: initialises the worker, loads every function
/// of <c>functions.metadata</c>, and sends one <see cref="InvocationRequest"/> per trigger. The worker's own pipeline
/// (binding, converters, middleware, output bindings) runs every invocation; its logs come back as <see cref="RpcLog"/>.
/// </summary>
internal sealed partial class WorkerChannel(IReadOnlyList<FunctionMetadata> functions, string appDirectory, ILoggerFactory loggerFactory)
    : FunctionRpc.FunctionRpcBase, IDisposable
{
    private readonly Channel<StreamingMessage> _toWorker = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new();
    private readonly ConcurrentDictionary<string, FunctionMetadata> _loading = new();
    private readonly List<string> _loadFailures = [];
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger = loggerFactory.CreateLogger("Host.LocalRunner.Worker");
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Completes when the worker has loaded every function; faults with the worker's reasons otherwise.</summary>
    public Task Loaded => _loaded.Task;

    public IReadOnlyList<FunctionMetadata> Functions => functions;

    /// <summary>Ends the stream, as the host does when it shuts a worker down; the worker's own stop does not end it.</summary>
    public void Stop() => _stopping.Cancel();

    public void Dispose() => _stopping.Dispose();

    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, _stopping.Token);
        var writing = WriteToWorkerAsync(responseStream, ending.Token);
        try
        {
            await foreach (var message in requestStream.ReadAllAsync(ending.Token).ConfigureAwait(false))
            {
                Receive(message);
            }
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
            // The runner is stopping.
        }
        finally
        {
            _toWorker.Writer.TryComplete();
            foreach (var pending in _invocations.Values)
            {
                pending.TrySetException(new InvalidOperationException("The worker disconnected before answering."));
            }

            _loaded.TrySetException(new LocalRunnerStartupException("The worker disconnected before it loaded the functions."));
            await writing.ConfigureAwait(false);
        }
    }

    /// <summary>Sends one invocation and waits for the worker's answer.</summary>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[request.InvocationId] = answer;
        try
        {
            await _toWorker.Writer.WriteAsync(new StreamingMessage { InvocationRequest = request }, cancellationToken).ConfigureAwait(false);
            using (cancellationToken.Register(() => _toWorker.Writer.TryWrite(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = request.InvocationId } })))
            {
                return await answer.Task.ConfigureAwait(false);
            }
        }
        finally
        {
            _invocations.TryRemove(request.InvocationId, out _);
        }
    }

    /// <summary>The function id the worker knows a function by: its name, as the host's ids are opaque to the worker.</summary>
    public static string FunctionId(FunctionMetadata function) => function.Name;

    private async Task WriteToWorkerAsync(IServerStreamWriter<StreamingMessage> responseStream, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _toWorker.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Receive(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                Send(new StreamingMessage
                {
                    WorkerInitRequest = new WorkerInitRequest
                    {
                        HostVersion = "4.0.0-localrunner",
                        FunctionAppDirectory = appDirectory,
                        WorkerDirectory = appDirectory,
                    },
                });
                break;

            case StreamingMessage.ContentOneofCase.WorkerInitResponse when message.WorkerInitResponse.Result.Status != StatusResult.Types.Status.Success:
                _loaded.TrySetException(new LocalRunnerStartupException($"The worker failed to initialise: {message.WorkerInitResponse.Result.Exception?.Message}"));
                break;

            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                LoadFunctions();
                break;

            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                FunctionLoaded(message.FunctionLoadResponse);
                break;

            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (_invocations.TryGetValue(message.InvocationResponse.InvocationId, out var answer))
                {
                    answer.TrySetResult(message.InvocationResponse);
                }

                break;

            case StreamingMessage.ContentOneofCase.RpcLog:
                Log(message.RpcLog);
                break;
        }
    }

    private void LoadFunctions()
    {
        if (functions.Count == 0)
        {
            _loaded.TrySetResult();
            return;
        }

        foreach (var function in functions)
        {
            _loading[FunctionId(function)] = function;
        }

        foreach (var function in functions)
        {
            var metadata = new RpcFunctionMetadata
            {
                Name = function.Name,
                FunctionId = FunctionId(function),
                Directory = appDirectory,
                ScriptFile = function.ScriptFile,
                EntryPoint = function.EntryPoint,
                Language = "dotnet-isolated",
            };

            foreach (var binding in function.Bindings)
            {
                metadata.RawBindings.Add(binding.ToJsonString());
                metadata.Bindings[FunctionMetadata.Get(binding, "name") ?? ""] = new BindingInfo
                {
                    Type = FunctionMetadata.Get(binding, "type") ?? "",
                    Direction = Enum.Parse<BindingInfo.Types.Direction>(FunctionMetadata.Get(binding, "direction") ?? "in", ignoreCase: true),
                    DataType = Enum.TryParse<BindingInfo.Types.DataType>(FunctionMetadata.Get(binding, "dataType"), ignoreCase: true, out var dataType)
                        ? dataType
                        : BindingInfo.Types.DataType.Undefined,
                };
            }

            Send(new StreamingMessage { FunctionLoadRequest = new FunctionLoadRequest { FunctionId = metadata.FunctionId, Metadata = metadata } });
        }
    }

    /// <summary>Called from the stream's read loop only, one message at a time.</summary>
    private void FunctionLoaded(FunctionLoadResponse response)
    {
        if (!_loading.TryRemove(response.FunctionId, out var function))
        {
            return;
        }

        if (response.Result.Status != StatusResult.Types.Status.Success)
        {
            _loadFailures.Add($"'{function.Name}' ({function.EntryPoint}): {response.Result.Exception?.Message}");
        }

        if (_loading.IsEmpty)
        {
            if (_loadFailures.Count == 0)
            {
                _loaded.TrySetResult();
            }
            else
            {
                _loaded.TrySetException(LocalRunnerStartupException.FromProblems("The worker could not load these functions:", _loadFailures));
            }
        }
    }

    private void Send(StreamingMessage message) => _toWorker.Writer.TryWrite(message);

    /// <summary>The worker's logs, under the worker's own categories, as the host writes them.</summary>
    private void Log(RpcLog log)
    {
        var level = log.Level switch
        {
            RpcLogLevel.Trace => LogLevel.Trace,
            RpcLogLevel.Debug => LogLevel.Debug,
            RpcLogLevel.Information => LogLevel.Information,
            RpcLogLevel.Warning => LogLevel.Warning,
            RpcLogLevel.Error => LogLevel.Error,
            RpcLogLevel.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        var logger = string.IsNullOrEmpty(log.Category) ? _logger : loggerFactory.CreateLogger(log.Category);
        if (level != LogLevel.None && logger.IsEnabled(level))
        {
            WriteWorkerLog(logger, level, log.Message, log.Exception is { } exception ? $"{Environment.NewLine}{exception.Message}{Environment.NewLine}{exception.StackTrace}" : "");
        }
    }

    [LoggerMessage(EventId = 40, Message = "{Message}{Exception}")]
    private static partial void WriteWorkerLog(ILogger logger, LogLevel level, string message, string exception);
}
