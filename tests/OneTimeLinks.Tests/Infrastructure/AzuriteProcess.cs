using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>
/// Azurite from the repository's node_modules (the npm package from package.json), on free loopback ports; killed on
/// dispose. The test run's <c>AzuriteFixture</c> and the benchmark (which links this file) both start it.
/// </summary>
/// <remarks>
/// Tables are kept in memory (<c>--inMemoryPersistence</c>). Blobs and queues are not: in that mode every queue message
/// is an extent of its own, and Azurite's collector, once a minute, deletes the unread ones one at a time, rebuilding
/// an index over all extents for each. Measured on Azurite 3.37.0: 10,000 messages sent and cleared stalled the whole
/// process (tables too) for 90 s. So blobs and queues are served by a second process that keeps them in a directory
/// (in <c>/dev/shm</c>, memory, where there is one), where messages share extent files; the same 10,000 messages then
/// cost no stall above 11 ms. The directory is deleted on dispose.
/// </remarks>
internal sealed class AzuriteProcess : IDisposable
{
    private const string LocationPrefix = "onetimelinks-azurite-";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process[] _processes;
    private readonly DirectoryInfo _queueLocation;

    private AzuriteProcess(Process[] processes, DirectoryInfo queueLocation, int blobPort, int queuePort, int tablePort)
    {
        _processes = processes;
        _queueLocation = queueLocation;
        QueuePort = queuePort;
        TablePort = tablePort;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public static async Task<AzuriteProcess> StartAsync(string repositoryRoot)
    {
        var dist = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src");
        if (!File.Exists(Path.Combine(dist, "azurite.js")))
        {
            throw new InvalidOperationException($"Azurite is not installed ({dist}/azurite.js is missing). Run 'npm ci' in {repositoryRoot}.");
        }

        var memory = new DirectoryInfo("/dev/shm");
        var parent = memory.Exists ? memory : new DirectoryInfo(Path.GetTempPath());
        DeleteLeftovers(parent);
        var queueLocation = parent.CreateSubdirectory($"{LocationPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        int[] ports = [FreePort(), FreePort(), FreePort(), FreePort()];
        string[] common = ["--silent", "--skipApiVersionCheck", "--disableTelemetry"];

        var exitWithParent = Path.Combine(repositoryRoot, "tests", "OneTimeLinks.Tests", "Infrastructure", "azurite-exit-with-parent.cjs");

        // The blob-and-queue process also opens a table endpoint (azurite.js serves all three); nothing calls it.
        var processes = new[]
        {
            Start(
                exitWithParent,
                [Path.Combine(dist, "table", "main.js"), "--inMemoryPersistence", .. common, "--tableHost", "127.0.0.1", "--tablePort", Port(ports[2])],
                scratch: null),
            Start(
                exitWithParent,
                [
                    Path.Combine(dist, "azurite.js"), "--location", queueLocation.FullName, .. common,
                    "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                    "--blobPort", Port(ports[0]), "--queuePort", Port(ports[1]), "--tablePort", Port(ports[3]),
                ],
                scratch: queueLocation),
        };
        var azurite = new AzuriteProcess(processes, queueLocation, ports[0], ports[1], ports[2]);
        try
        {
            await WaitForPortAsync(processes[0], azurite.TablePort);
            await WaitForPortAsync(processes[1], azurite.QueuePort);
            await WaitForPortAsync(processes[1], ports[0]);
        }
        catch
        {
            azurite.Dispose();
            throw;
        }

        return azurite;
    }

    /// <remarks>
    /// The directory goes first and the waits last: the test host calls this from its exit handler, which vstest cuts
    /// short 100 ms after the run (<c>VSTEST_TESTHOST_SHUTDOWN_TIMEOUT</c>). Whatever it does not finish,
    /// <c>azurite-exit-with-parent.cjs</c> finishes from inside Azurite, which then outlives the host.
    /// </remarks>
    public void Dispose()
    {
        DeleteQueueLocation();
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        foreach (var process in _processes)
        {
            process.WaitForExit(5000);
            process.Dispose();
        }

        // A file Azurite wrote after the first delete (it saves its metadata on a timer): once more, now that it is gone.
        DeleteQueueLocation();
    }

    private void DeleteQueueLocation()
    {
        try
        {
            _queueLocation.Refresh();
            if (_queueLocation.Exists)
            {
                _queueLocation.Delete(recursive: true);
            }
        }
        catch (IOException)
        {
            // A file written while the directory was deleted: the second call, or the next run's start, deletes it.
        }
    }

    /// <summary>
    /// Deletes the directories of earlier runs whose process is gone: a test host ended without its exit handler (or a
    /// failed delete) would otherwise leave its queues in memory until the machine restarts.
    /// </summary>
    private static void DeleteLeftovers(DirectoryInfo parent)
    {
        foreach (var directory in parent.EnumerateDirectories(LocationPrefix + "*"))
        {
            var owner = directory.Name[LocationPrefix.Length..].Split('-')[0];
            if (!int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsRunning(pid))
            {
                continue;
            }

            try
            {
                directory.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's, or being deleted by another run: not ours to insist on.
            }
        }

        static bool IsRunning(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Starts one Azurite process with <paramref name="exitWithParent"/> loaded before it; <paramref name="scratch"/> is
    /// the directory it deletes if it outlives us.
    /// </summary>
    private static Process Start(string exitWithParent, string[] arguments, DirectoryInfo? scratch)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-r");
        start.ArgumentList.Add(exitWithParent);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (scratch is not null)
        {
            start.Environment["ONETIMELINKS_AZURITE_SCRATCH"] = scratch.FullName;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task WaitForPortAsync(Process process, int port)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} during start-up.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Azurite did not listen on port {port} within 30 seconds.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
