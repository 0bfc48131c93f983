using System.Text.RegularExpressions;

namespace OneTimeLinks.Tests.Deployment;

/// <summary>
/// What Azure accepts on a Flex Consumption function app, checked on the ARM template compiled from infra/ (the Bicep
/// compiler checks types only). Each rule names its source; docs/operations.md ("What the template must satisfy") lists
/// them. A failure here is a deployment that Azure would refuse, or an app that would start without its permissions.
/// </summary>
public sealed partial class FlexConsumptionTemplateTests
{
    private const string Sites = "Microsoft.Web/sites";

    private static readonly CompiledTemplate Template = CompiledTemplate.Load();

    [Fact]
    public void AppSettings_SettingsFlexConsumptionRejects_AppearNowhere()
    {
        // "Flex Consumption plan deprecations" (learn.microsoft.com/azure/azure-functions/functions-app-settings
        // #flex-consumption-plan-deprecations): the platform sets the runtime from functionAppConfig and deploys from
        // the deployment container, so these app settings are rejected on FC1. None may be set anywhere, not even
        // through a parameter file, so the whole compiled template and its parameters are searched.
        string[] rejected =
        [
            "FUNCTIONS_WORKER_RUNTIME",
            "FUNCTIONS_EXTENSION_VERSION",
            "WEBSITE_RUN_FROM_PACKAGE",
            "WEBSITE_CONTENTSHARE",
            "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        ];
        var text = DeploymentFiles.CompiledTemplate().ToJsonString() + DeploymentFiles.CompiledParameters().ToJsonString();

        var found = rejected.Where(name => Regex.IsMatch(text, $@"\b{name}\b", RegexOptions.IgnoreCase)).ToList();

        Assert.True(found.Count == 0, $"The template sets app settings Flex Consumption rejects: {string.Join(", ", found)}.");
    }

    [Fact]
    public void Sites_FtpsState_IsNotSet()
    {
        // Azure rejects a Flex Consumption site whose siteConfig carries ftpsState: "The following list of ... site
        // configuration properties (Site.SiteConfig.FtpsState, ...) for Flex Consumption sites is invalid"
        // (github.com/Azure/azure-cli/issues/31414). FTP stays off through the basicPublishingCredentialsPolicies.
        var sites = Template.Resources.Where(r => r.Type.StartsWith(Sites, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(sites);

        var found = sites
            .SelectMany(site => CompiledTemplate.Properties(site.Body).Select(p => (site, p.Path, p.Name)))
            .Where(p => string.Equals(p.Name, "ftpsState", StringComparison.OrdinalIgnoreCase))
            .Select(p => $"{p.site.Where} at {p.Path}")
            .ToList();

        Assert.True(found.Count == 0, $"ftpsState is set on a Flex Consumption site: {string.Join("; ", found)}.");
    }

    [Fact]
    public void InstanceMemory_EveryPath_Allows2048Or4096Only()
    {
        // Flex Consumption instance sizes are 2,048 MB and 4,096 MB ("Instance memory",
        // learn.microsoft.com/azure/azure-functions/flex-consumption-plan#instance-memory).
        int[] accepted = [2048, 4096];
        var problems = new List<string>();

        foreach (var scope in Template.Scopes())
        {
            if (scope.Parameter("instanceMemoryMB") is { } declared)
            {
                var allowed = declared["allowedValues"]?.AsArray().Select(v => v!.GetValue<int>()).ToList();
                if (allowed is null || allowed.Count == 0 || allowed.Except(accepted).Any())
                {
                    problems.Add($"{scope.Path}: parameter instanceMemoryMB allows [{string.Join(", ", allowed ?? [])}], expected a subset of [2048, 4096].");
                }
            }
        }

        foreach (var site in FlexSites())
        {
            var configured = site.Properties?["functionAppConfig"]?["scaleAndConcurrency"]?["instanceMemoryMB"];
            problems.AddRange(CheckBound(site, configured, "instanceMemoryMB", value => accepted.Contains(value), "2048 or 4096"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void MaximumInstanceCount_EveryPath_IsAtLeast40()
    {
        // "The lowest maximum scale ... is 40. The highest currently supported value is 1000" ("Considerations",
        // learn.microsoft.com/azure/azure-functions/flex-consumption-plan).
        var problems = new List<string>();

        foreach (var scope in Template.Scopes())
        {
            if (scope.Parameter("maximumInstanceCount") is { } declared
                && (declared["minValue"]?.GetValue<int>() ?? int.MinValue) < 40)
            {
                problems.Add($"{scope.Path}: parameter maximumInstanceCount has minValue {declared["minValue"]?.ToJsonString() ?? "(none)"}, expected at least 40.");
            }
        }

        foreach (var site in FlexSites())
        {
            var configured = site.Properties?["functionAppConfig"]?["scaleAndConcurrency"]?["maximumInstanceCount"];
            problems.AddRange(CheckBound(site, configured, "maximumInstanceCount", value => value is >= 40 and <= 1000, "40 to 1000"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Runtime_FlexSite_IsDotnetIsolated10()
    {
        // Flex Consumption takes the stack from functionAppConfig.runtime, not from app settings or siteConfig
        // ("Flex Consumption plan deprecations"); the worker targets net10.0 (Directory.Build.props).
        var site = Assert.Single(FlexSites());
        var runtime = site.Properties!["functionAppConfig"]!["runtime"]!;

        var name = Template.Resolve(runtime["name"], site.Scope)?.GetValue<string>();
        var version = Template.Resolve(runtime["version"], site.Scope)?.GetValue<string>();

        Assert.Equal("dotnet-isolated", name);
        Assert.Equal("10.0", version);
    }

    [Fact]
    public void RoleAssignments_AppIdentity_HoldsEveryRoleTheAppNeeds()
    {
        // Built-in role IDs, the same in every tenant (learn.microsoft.com/azure/role-based-access-control/built-in-roles).
        // Why each: infra/README.md, "Role assignments".
        var needed = new Dictionary<string, string>
        {
            ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner (host storage, deployment container)",
            ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor (link-requests and its poison queue)",
            ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor (link state)",
            ["69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"] = "Azure Service Bus Data Sender (outbound events)",
            ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User (the URL key's Key Vault reference)",
            ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher (Entra ID telemetry ingestion)",
        };

        var granted = Template.OfType("Microsoft.Authorization/roleAssignments")
            .Where(IsForAppIdentity)
            .Select(RoleId)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var missing = needed.Where(role => !granted.Contains(role.Key)).Select(role => $"{role.Value} [{role.Key}]").ToList();
        Assert.True(missing.Count == 0, $"The app's identity lacks: {string.Join("; ", missing)}.");
    }

    [Fact]
    public void AppSettings_IdentityBasedConnections_NameCredentialAndClientId()
    {
        // An identity-based connection is <prefix>__<serviceUri | blobServiceUri | queueServiceUri | tableServiceUri |
        // fullyQualifiedNamespace | accountName> with <prefix>__credential = managedidentity and, for a user-assigned
        // identity, <prefix>__clientId ("Common properties for identity-based connections",
        // learn.microsoft.com/azure/azure-functions/functions-reference#common-properties-for-identity-based-connections).
        string[] endpoints = ["serviceUri", "blobServiceUri", "queueServiceUri", "tableServiceUri", "fullyQualifiedNamespace", "accountName"];
        var settings = AppSettings();
        var identityClientId = settings.GetValueOrDefault("ManagedIdentity__ClientId");
        Assert.False(string.IsNullOrEmpty(identityClientId), "ManagedIdentity__ClientId (the app's identity) is not set.");

        var connections = settings.Keys
            .Where(name => endpoints.Any(e => name.EndsWith("__" + e, StringComparison.OrdinalIgnoreCase)))
            .Select(name => name[..name.LastIndexOf("__", StringComparison.Ordinal)])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        Assert.NotEmpty(connections);

        var problems = new List<string>();
        foreach (var prefix in connections)
        {
            if (!string.Equals(Setting(settings, prefix + "__credential"), "managedidentity", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{prefix}__credential must be 'managedidentity' (is '{Setting(settings, prefix + "__credential")}').");
            }

            if (Setting(settings, prefix + "__clientId") != identityClientId)
            {
                problems.Add($"{prefix}__clientId must be the app identity's client ID, {identityClientId} (is '{Setting(settings, prefix + "__clientId")}').");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void PublishingCredentialPolicies_Both_AreOffAndCarryALocation()
    {
        // Without a location the resource provider answers "The parameter location has an invalid value"
        // (github.com/Azure/bicep-types-az/issues/1526). With allow: false, FTP and SCM basic authentication are off.
        var policies = Template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();

        Assert.Equal(["ftp", "scm"], policies.Select(p => PolicyName(p.Body)).Order(StringComparer.Ordinal));
        Assert.All(policies, p =>
        {
            Assert.False(string.IsNullOrEmpty(p.Body["location"]?.ToString()), $"{p.Where} has no location.");
            Assert.False(p.Properties!["allow"]!.GetValue<bool>(), $"{p.Where} allows basic authentication.");
        });
    }

    private static IEnumerable<TemplateResource> FlexSites() =>
        Template.OfType(Sites).Where(site => site.Properties?["functionAppConfig"] is not null);

    /// <summary>A site value must be a literal within bounds, or a parameter that the template itself bounds.</summary>
    private static IEnumerable<string> CheckBound(TemplateResource site, JsonNode? configured, string what, Func<int, bool> accepts, string expected)
    {
        if (configured is null)
        {
            yield return $"{site.Where}: {what} is not set (expected {expected}).";
            yield break;
        }

        if (CompiledTemplate.ParameterName(configured) is { } parameter && site.Scope.Parameter(parameter) is null)
        {
            yield return $"{site.Where}: {what} reads parameter '{parameter}', which the template does not declare.";
        }

        // Whatever the deployment passes (main.bicepparam, else the default) must be accepted too.
        var value = Template.Resolve(configured, site.Scope);
        if (value is not JsonValue number || !number.TryGetValue<int>(out var resolved) || !accepts(resolved))
        {
            yield return $"{site.Where}: {what} resolves to {value?.ToJsonString() ?? "nothing"} (expected {expected}).";
        }
    }

    private static bool IsForAppIdentity(TemplateResource assignment)
    {
        // The app's identity is the user-assigned identity 'identity' of main.bicep; a module receives its principal ID
        // as a parameter, which is followed back to main.
        var principal = assignment.Properties?["principalId"];
        for (var scope = assignment.Scope; CompiledTemplate.ParameterName(principal) is { } name && scope.Parent is not null; scope = scope.Parent)
        {
            principal = scope.Passed(name);
        }

        return principal?.ToString() == "[reference('identity').principalId]"
            && assignment.Properties?["principalType"]?.ToString() == "ServicePrincipal";
    }

    private static string RoleId(TemplateResource assignment)
    {
        var definition = assignment.Properties?["roleDefinitionId"]?.ToString() ?? "";
        if (Guid().Match(definition) is { Success: true } literal)
        {
            return literal.Value;
        }

        // [subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('roles').name)]
        var variable = VariableMember().Match(definition);
        Assert.True(variable.Success, $"{assignment.Where}: cannot read the role of '{definition}'.");
        return assignment.Scope.Variables[variable.Groups[1].Value]![variable.Groups[2].Value]!.GetValue<string>();
    }

    /// <summary>The function app's settings as the site's appsettings resource receives them, by name.</summary>
    private static Dictionary<string, string> AppSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var config = Assert.Single(Template.OfType("Microsoft.Web/sites/config"), c => c.Body["name"]!.ToString().Contains("appsettings", StringComparison.Ordinal));
        var expression = config.Properties!.ToString();

        // The settings object is built from module parameters (union(...)): each parameter is followed to the object
        // main.bicep passes.
        foreach (Match parameter in ParameterCall().Matches(expression))
        {
            if (Template.Resolve(JsonValue.Create($"[parameters('{parameter.Groups[1].Value}')]"), config.Scope) is JsonObject passed)
            {
                foreach (var (name, value) in passed)
                {
                    settings[name] = value?.ToString() ?? "";
                }
            }
        }

        return settings;
    }

    private static string? Setting(Dictionary<string, string> settings, string name) => settings.GetValueOrDefault(name);

    private static string PolicyName(JsonObject policy) => policy["name"]!.ToString().Contains("'ftp'", StringComparison.Ordinal) ? "ftp" : "scm";

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Guid();

    [GeneratedRegex(@"variables\('([^']+)'\)\.([A-Za-z0-9_]+)")]
    private static partial Regex VariableMember();

    [GeneratedRegex(@"parameters\('([^']+)'\)")]
    private static partial Regex ParameterCall();
}
