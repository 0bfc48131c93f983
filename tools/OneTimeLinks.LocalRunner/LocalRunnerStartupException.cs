namespace OneTimeLinks.LocalRunner;

/// <summary>
/// The runner cannot host the functions as configured: an unsupported signature, an unresolved <c>%Setting%</c>, a bad
/// schedule, a missing connection string, an unregistered constructor dependency. Thrown while the host is built, so a
/// mistake fails the start instead of surfacing at the first request.
/// </summary>
public sealed class LocalRunnerStartupException : Exception
{
    public LocalRunnerStartupException()
    {
    }

    public LocalRunnerStartupException(string message)
        : base(message)
    {
    }

    public LocalRunnerStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>One exception listing every problem found, so a developer fixes them in one pass.</summary>
    internal static LocalRunnerStartupException FromProblems(string heading, IReadOnlyCollection<string> problems) =>
        new($"{heading}{Environment.NewLine}{string.Join(Environment.NewLine, problems.Select(p => "  - " + p))}");
}
