namespace OneTimeLinks.LocalRunner;

/// <summary>
/// <c>dotnet run --project tools/OneTimeLinks.LocalRunner</c> (scripts/run-local.sh starts Azurite first). Not top-level
/// statements: OneTimeLinks.Functions' own Program is a global-namespace class this assembly can see, and is never run.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        LocalRunnerApp runner;
        try
        {
            runner = LocalRunnerHost.Build(args, LocalDevelopmentDefaults.Apply);
        }
        catch (LocalRunnerStartupException ex)
        {
            await Console.Error.WriteLineAsync($"The local runner cannot start.{Environment.NewLine}{ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (runner.ConfigureAwait(false))
        {
            try
            {
                await runner.StartAsync().ConfigureAwait(false);
            }
            catch (LocalRunnerStartupException ex)
            {
                await Console.Error.WriteLineAsync($"The local runner cannot start.{Environment.NewLine}{ex.Message}").ConfigureAwait(false);
                return 1;
            }

            foreach (var line in runner.DescribeFunctions())
            {
                await Console.Out.WriteLineAsync(line).ConfigureAwait(false);
            }

            await runner.WaitForShutdownAsync().ConfigureAwait(false);
            await runner.StopAsync().ConfigureAwait(false);
        }

        return 0;
    }
}
