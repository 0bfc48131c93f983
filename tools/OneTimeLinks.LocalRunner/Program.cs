namespace OneTimeLinks.LocalRunner;

/// <summary>
/// <c>dotnet run --project tools/OneTimeLinks.LocalRunner</c> (scripts/run-local.sh starts Azurite first). Not top-level
/// statements: OneTimeLinks.Functions' own Program is a global-namespace class this assembly can see, and is never run.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Microsoft.AspNetCore.Builder.WebApplication app;
        try
        {
            app = LocalRunnerHost.Build(args);
        }
        catch (LocalRunnerStartupException ex)
        {
            await Console.Error.WriteLineAsync($"The local runner cannot start.{Environment.NewLine}{ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (app.ConfigureAwait(false))
        {
            await app.StartAsync().ConfigureAwait(false);
            foreach (var line in app.DescribeFunctions())
            {
                await Console.Out.WriteLineAsync(line).ConfigureAwait(false);
            }

            await app.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }
}
