using System.Diagnostics;

namespace OneTimeLinks.Tests.Deployment;

/// <summary>
/// The azd hooks (scripts/preprovision.sh, scripts/ensure-url-key.sh) run with stand-ins for az and azd
/// (fake-az.sh, fake-azd.sh beside this file) first on PATH: what each prints, what it writes to the azd environment and
/// which Azure calls it makes, for the paths a first `azd up` takes. Nothing reaches Azure.
/// </summary>
public sealed class HookScriptTests : IDisposable
{
    private const string Subscription = "00000000-0000-0000-0000-00000000000a";
    private const string Oid = "11111111-2222-3333-4444-555555555555";

    private readonly string _state = Directory.CreateTempSubdirectory("hook-state-").FullName;
    private readonly string _bin = Directory.CreateTempSubdirectory("hook-bin-").FullName;

    public HookScriptTests()
    {
        Install("fake-az.sh", "az");
        Install("fake-azd.sh", "azd");
        Write("subscription", Subscription);
        Write("tenant", "tenant-1");
        Write("oid", Oid);
    }

    public void Dispose()
    {
        Directory.Delete(_state, recursive: true);
        Directory.Delete(_bin, recursive: true);
    }

    [Fact]
    public void Preprovision_AzNotSignedIn_FailsAtOnceSayingToRunAzLogin()
    {
        var run = Run("preprovision.sh", ("AZURE_SUBSCRIPTION_ID", Subscription));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("the Azure CLI is not signed in ('azd auth login' signs in azd only). Run 'az login", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(StatePath("azd-env")), "Nothing may be written to the azd environment before the sign-in is checked.");
    }

    [Fact]
    public void Preprovision_NoSubscriptionChosenYet_FailsSayingHowToSetIt()
    {
        SignIn("user");

        var run = Run("preprovision.sh");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("azd env set AZURE_SUBSCRIPTION_ID", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Preprovision_AzInAnotherSubscription_FailsNamingIt()
    {
        SignIn("user");

        var run = Run("preprovision.sh", ("AZURE_SUBSCRIPTION_ID", "99999999-0000-0000-0000-000000000000"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("cannot use subscription 99999999-0000-0000-0000-000000000000", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user", "User")]
    [InlineData("servicePrincipal", "ServicePrincipal")]
    public void Preprovision_SignedIn_RecordsTheSignInAsDeployer(string accountType, string principalType)
    {
        SignIn(accountType);

        var run = Run("preprovision.sh", ("AZURE_SUBSCRIPTION_ID", Subscription), ("AZURE_ENV_NAME", "prod"));

        Assert.Equal(0, run.ExitCode);
        var environment = AzdEnvironment();
        Assert.Equal(Oid, environment["AZURE_PRINCIPAL_ID"]);
        Assert.Equal(principalType, environment["AZURE_PRINCIPAL_TYPE"]);
        Assert.Equal("default", environment["AZURE_KEY_VAULT_CREATE_MODE"]);
        Assert.Equal("false", environment["AZURE_LOG_TRANSFORM_RULE_EXISTS"]);
        Assert.Contains($"preprovision: Azure CLI signed in as deployer@contoso.example ({accountType}), subscription 'Contoso Dev' ({Subscription}).", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Preprovision_VaultSoftDeletedAfterAzdDown_RecoversIt()
    {
        SignIn("user");
        Write("vault-deleted", "");
        Write("rule-exists", "");

        // azd down deleted the outputs (AZURE_KEY_VAULT_NAME); the name ensure-url-key.sh kept remains.
        var run = Run("preprovision.sh", ("AZURE_SUBSCRIPTION_ID", Subscription), ("ONETIMELINKS_KEY_VAULT_NAME", "kv-prod-abc"),
            ("AZURE_LOG_TRANSFORM_RULE_ID", "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Insights/dataCollectionRules/dcr"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("recover", AzdEnvironment()["AZURE_KEY_VAULT_CREATE_MODE"]);
        Assert.Equal("true", AzdEnvironment()["AZURE_LOG_TRANSFORM_RULE_EXISTS"]);
        Assert.Contains("Key Vault kv-prod-abc is soft-deleted", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureUrlKey_FirstDeployment_CreatesTheKeyRefreshesAndWaitsUntilResolved()
    {
        SignIn("user");
        Write("resolve-after", "3");

        var run = Run("ensure-url-key.sh", AppEnvironment());

        Assert.Equal(0, run.ExitCode);
        Assert.Matches("^[A-Za-z0-9+/]{43}=$", File.ReadAllText(StatePath("secret")));
        Assert.True(File.Exists(StatePath("refreshed")), "The Key Vault references were not refreshed.");
        Assert.True(File.Exists(StatePath("restarted")), "The app was not restarted after its references resolved.");
        Assert.Contains("ensure-url-key: created links-url-key-1 in kv-prod-abc.", run.Output, StringComparison.Ordinal);
        Assert.Equal("kv-prod-abc", AzdEnvironment()["ONETIMELINKS_KEY_VAULT_NAME"]);
        Assert.Contains("waiting for func-prod to resolve its Key Vault references (Links__UrlProtectionKey: Initialized", run.Output, StringComparison.Ordinal);
        Assert.Contains("Links__UrlProtectionKey and every other Key Vault reference of func-prod read Resolved.", run.Output, StringComparison.Ordinal);
        // Every Key Vault call names azd's subscription; the REST calls carry it in their URL.
        Assert.All(Calls().Where(c => c.StartsWith("keyvault", StringComparison.Ordinal)), c => Assert.Contains("--subscription " + Subscription, c, StringComparison.Ordinal));
        Assert.All(Calls().Where(c => c.StartsWith("rest", StringComparison.Ordinal)), c => Assert.Contains($"/subscriptions/{Subscription}/resourceGroups/rg-prod/providers/Microsoft.Web/sites/func-prod/", c, StringComparison.Ordinal));
    }

    [Fact]
    public void EnsureUrlKey_KeyExistsAndResolved_ChangesNothing()
    {
        SignIn("user");
        Write("secret", "existing");
        Write("resolved", "");

        var run = Run("ensure-url-key.sh", AppEnvironment());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("existing", File.ReadAllText(StatePath("secret")));
        Assert.False(File.Exists(StatePath("refreshed")));
        Assert.False(File.Exists(StatePath("restarted")));
        Assert.Contains("nothing to refresh", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureUrlKey_ReferenceNeverResolves_FailsWithItsStatus()
    {
        SignIn("user");
        Write("secret", "existing");

        var run = Run("ensure-url-key.sh", [.. AppEnvironment(), ("ENSURE_URL_KEY_RESOLVE_ATTEMPTS", "3")]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("still has unresolved Key Vault references after", run.Error, StringComparison.Ordinal);
        Assert.Contains("(Links__UrlProtectionKey: Initialized)", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(StatePath("restarted")));
    }

    private static (string, string)[] AppEnvironment() =>
    [
        ("AZURE_SUBSCRIPTION_ID", Subscription),
        ("AZURE_ENV_NAME", "prod"),
        ("AZURE_RESOURCE_GROUP", "rg-prod"),
        ("AZURE_KEY_VAULT_NAME", "kv-prod-abc"),
        ("AZURE_FUNCTION_APP_NAME", "func-prod"),
        ("LINKS_URL_KEY_SECRET_NAME", "links-url-key-1"),
        ("ENSURE_URL_KEY_SECRET_WAIT_SECONDS", "0"),
        ("ENSURE_URL_KEY_RESOLVE_WAIT_SECONDS", "0"),
    ];

    private void SignIn(string accountType)
    {
        Write("signed-in", "");
        Write("user", "deployer@contoso.example");
        Write("user-type", accountType);
    }

    private (int ExitCode, string Output, string Error) Run(string script, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("bash", [DeploymentFiles.InRepository("scripts", script)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DeploymentFiles.Root,
        };
        // Only what the test sets: no AZURE_* value of the machine running the tests leaks in.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AZURE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["PATH"] = _bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["FAKE_AZ_STATE"] = _state;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"{script} did not finish within 60 s.");
        return (process.ExitCode, output.Result, error.Result);
    }

    private Dictionary<string, string> AzdEnvironment() =>
        File.ReadAllLines(StatePath("azd-env")).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private string[] Calls() => File.Exists(StatePath("calls")) ? File.ReadAllLines(StatePath("calls")) : [];

    private string StatePath(string name) => Path.Combine(_state, name);

    private void Write(string name, string content) => File.WriteAllText(StatePath(name), content);

    private void Install(string fake, string command)
    {
        var target = Path.Combine(_bin, command);
        File.Copy(DeploymentFiles.InRepository("tests", "OneTimeLinks.Tests", "Deployment", fake), target);
        // The hooks run under sh/bash (Git Bash on Windows, where files carry no execute bit).
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
