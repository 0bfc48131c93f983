namespace OneTimeLinks.Tests.Infrastructure;

/// <summary>Real concurrency for race specifications: every call waits at one gate, released at once.</summary>
internal static class Race
{
    /// <summary>Runs <paramref name="count"/> calls of <paramref name="send"/> together; returns each answer's status and body.</summary>
    public static async Task<List<(System.Net.HttpStatusCode Status, string Body)>> AllAsync(int count, Func<int, Task<HttpResponseMessage>> send)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.Task;
            using var response = await send(i);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }).ToList();
        gate.SetResult();
        return [.. await Task.WhenAll(tasks)];
    }

    /// <summary>A short summary of the answers for a failure message: "201×1, 409×19".</summary>
    public static string Describe(IEnumerable<(System.Net.HttpStatusCode Status, string Body)> results) =>
        string.Join(", ", results.GroupBy(r => (int)r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
}
