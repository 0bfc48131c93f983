using System.Text.Json;

namespace OneTimeLinks.Benchmarks;

/// <summary>
/// Reads a trace converted to speedscope's format (<c>dotnet-trace convert --format speedscope</c>: one evented profile a
/// thread) and keeps only the time threads were running managed code: a stack in native code (waits, socket polls) is
/// left out, so the thread-pool and socket waits that lead an inclusive report of every thread do not hide the work.
/// </summary>
internal static partial class ProfileStacks
{
    // The converter ends each stack in a pseudo-frame: CPU_TIME where the thread ran managed code, UNMANAGED_CODE_TIME
    // where it was in native code (waits, socket polls, syscalls).
    private const string Running = "CPU_TIME";

    // Frames every running stack passes through: they say nothing about where the time goes.
    private static readonly string[] Roots = ["Process64 ", "Threads", "Thread (", "?!?", Running, "Thread.StartCallback", "WorkerThread.WorkerThreadStart", "ThreadPoolWorkQueue.Dispatch", "Thread.StartCore", "ExecutionContext.Run"];

    /// <summary>The frames with the largest share of running time, inclusive: all of them, and the app's own.</summary>
    public static (List<FrameShare> Top, List<FrameShare> App, double RunningShare) Analyse(string speedscopeFile, int count)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(speedscopeFile));
        var names = json.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("name").GetString() ?? "?").ToArray();
        var inclusive = new Dictionary<int, double>();
        var (running, total) = (0.0, 0.0);
        foreach (var profile in json.RootElement.GetProperty("profiles").EnumerateArray())
        {
            var stack = new List<int>();
            var last = profile.GetProperty("startValue").GetDouble();
            foreach (var e in profile.GetProperty("events").EnumerateArray())
            {
                var at = e.GetProperty("at").GetDouble();
                var span = at - last;
                last = at;
                if (stack.Count > 0 && span > 0)
                {
                    total += span;
                    if (names[stack[^1]] == Running)
                    {
                        running += span;
                        foreach (var frame in stack.Distinct())
                        {
                            inclusive[frame] = inclusive.GetValueOrDefault(frame) + span;
                        }
                    }
                }

                var frameIndex = e.GetProperty("frame").GetInt32();
                if (e.GetProperty("type").GetString() == "O")
                {
                    stack.Add(frameIndex);
                }
                else if (stack.LastIndexOf(frameIndex) is var at2 and >= 0)
                {
                    stack.RemoveRange(at2, stack.Count - at2);
                }
            }
        }

        var ranked = inclusive
            .Where(p => names[p.Key] is { Length: > 0 } raw && !Roots.Any(r => raw.StartsWith(r, StringComparison.Ordinal) || raw.Contains("." + r, StringComparison.Ordinal)))
            .Select(p => new FrameShare(Short(names[p.Key]), running > 0 ? p.Value / running : 0))
            .Where(p => p.Frame.Length > 0)
            .OrderByDescending(p => p.Share)
            .ToList();
        return ([.. ranked.Take(count)], [.. ranked.Where(p => p.Frame.StartsWith("OneTimeLinks.Core", StringComparison.Ordinal) || p.Frame.StartsWith("OneTimeLinks.Functions", StringComparison.Ordinal)).Take(count)], total > 0 ? running / total : 0);
    }

    // "System.Private.CoreLib!System.Threading.Thread.StartCallback()" reads as "Thread.StartCallback"; generic arguments
    // ("AsyncTaskMethodBuilder`1[System.__Canon].Start") are dropped; the app's frames keep their namespace.
    private static string Short(string frame)
    {
        var bang = frame.IndexOf('!', StringComparison.Ordinal);
        var name = bang >= 0 ? frame[(bang + 1)..] : frame;
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        var signature = Generics().Replace(paren >= 0 ? name[..paren] : name, "");
        if (signature.StartsWith("OneTimeLinks", StringComparison.Ordinal))
        {
            return signature.Length > 100 ? signature[..100] : signature;
        }

        var parts = signature.Split('.');
        var shortName = parts.Length >= 2 ? parts[^2] + "." + parts[^1] : signature;
        return shortName.Length > 100 ? shortName[..100] : shortName;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"`\d+|\[[^\[\]]*(\[[^\[\]]*\][^\[\]]*)*\]")]
    private static partial System.Text.RegularExpressions.Regex Generics();
}

/// <summary>A frame and its inclusive share of the running time.</summary>
internal sealed record FrameShare(string Frame, double Share);
