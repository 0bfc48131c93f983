using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OneTimeLinks.Tests.Deployment;

/// <summary>
/// The workspace transformation that masks capability tokens in the host's telemetry (infra/modules/telemetryMasking.bicep)
/// cannot run here, so its query text is read and its functions are replayed with the same patterns on sample rows.
/// KQL's matches regex and extract use RE2; the patterns keep to syntax that RE2 and .NET read the same way (checked
/// below), so .NET's Regex answers as the workspace would. The replay follows the functions of
/// infra/telemetry/mask-capability-tokens.kql: maskOnce rewrites the first unmasked token (link path first, then a
/// manage= value) as strcat(extract(p, 1, s), '{token}', extract(p, 2, s)); maskTokens applies it as often as the file
/// says and then fails closed; maskDynamic does the same on a dynamic column's JSON text.
/// </summary>
public sealed partial class TelemetryMaskingTests
{
    private const string Placeholder = "{token}";

    private static readonly string FunctionsText = File.ReadAllText(DeploymentFiles.InRepository("infra", "telemetry", "mask-capability-tokens.kql"));

    private static readonly MaskingFunctions Masking = MaskingFunctions.Parse(FunctionsText);

    // KQL's tostring(dynamic) writes JSON without escaping '&', '<' or quotes as \u00xx; so does this.
    private static readonly JsonSerializerOptions KqlJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Token shapes (OneTimeLinks.Core/Links/CapabilityToken.cs): {calendarId}.{linkId}.{secret} and
    // {calendarId}.{bookingId}.{secret}; calendar ids are 1-64 of A-Z a-z 0-9 _ -, link ids 19 lower-case Crockford
    // base32 digits, booking ids 32 lower-case hex digits, secrets 43 base64url characters (32 random bytes).
    private const string Link = "dr-Smith_2.0d2k7yq8x3mvb5hr1n9.bm90LXRoZS1zZWNyZXQtb2YtYW55LXJlYWwtbGluayE";
    private const string Manage = "dr-Smith_2.9f86d081884c7d659a2feaa0c55ad015.bm90LXRoZS1zZWNyZXQtb2YtYW55LW1hbmFnZS11cmw";

    [Fact]
    public void Patterns_Syntax_IsReadTheSameByRe2AndDotNet()
    {
        // RE2 (github.com/google/re2/wiki/Syntax) has no lookaround, backreferences, atomic groups, possessive
        // quantifiers, conditionals or \Z, all of which .NET has; a pattern using one would fail to compile in the
        // workspace or mean something else there. Only flags, \A, \z, \s, \xhh, classes and lazy quantifiers are used.
        string[] notInRe2 = ["(?<", "(?=", "(?!", "(?>", "(?(", "*+", "++", "?+", "}+", @"\Z", @"\G", @"\k"];

        Assert.Equal(2, Masking.Patterns.Count);
        foreach (var pattern in Masking.Patterns)
        {
            Assert.DoesNotContain(notInRe2, construct => pattern.Contains(construct, StringComparison.Ordinal));
            Assert.DoesNotMatch(@"\\[1-9]", pattern);
            // A verbatim KQL literal ends at the first quote: the patterns write quotes as \x22 and \x27.
            Assert.DoesNotContain('\'', pattern);
            Assert.DoesNotContain('"', pattern);
        }
    }

    [Theory]
    [InlineData("https://func-onetimelinks-prod-abc123.azurewebsites.net/api/l/" + Link, "https://func-onetimelinks-prod-abc123.azurewebsites.net/api/l/{token}")]
    [InlineData("https://links.example.com/api/l/" + Link + "/book", "https://links.example.com/api/l/{token}/book")]
    [InlineData("https://links.example.com/api/l/" + Link + "/opened", "https://links.example.com/api/l/{token}/opened")]
    [InlineData("https://links.example.com/api/l/" + Link + "?lang=de&from=2026-12-07T00:00:00%2B01:00", "https://links.example.com/api/l/{token}?lang=de&from=2026-12-07T00:00:00%2B01:00")]
    [InlineData("https://links.example.com/api/l/" + Link + "/bookings/0f8fad5bd9cb469fa16570867728950e/ics", "https://links.example.com/api/l/{token}/bookings/0f8fad5bd9cb469fa16570867728950e/ics")]
    [InlineData("https://links.example.com/api/m/" + Manage, "https://links.example.com/api/m/{token}")]
    [InlineData("https://links.example.com/api/m/" + Manage + "/cancel", "https://links.example.com/api/m/{token}/cancel")]
    [InlineData("https://links.example.com/api/m/" + Manage + "/reschedule?lang=fr", "https://links.example.com/api/m/{token}/reschedule?lang=fr")]
    [InlineData("https://links.example.com/api/l/" + Link + "/bookings/0f8f?manage=" + Manage + "&lang=nl", "https://links.example.com/api/l/{token}/bookings/0f8f?manage={token}&lang=nl")]
    [InlineData("POST /api/L/" + Link + "/BOOK", "POST /api/L/{token}/BOOK")]
    [InlineData("Redirect to https%3A%2F%2Flinks.example.com%2Fapi%2Fm%2F" + Manage + " done", "Redirect to https%3A%2F%2Flinks.example.com%2Fapi%2Fm%2F{token} done")]
    [InlineData("Request starting HTTP/1.1 POST http://localhost/api/l/" + Link + "/book application/json 57", "Request starting HTTP/1.1 POST http://localhost/api/l/{token}/book application/json 57")]
    [InlineData("Booked from /api/l/" + Link + ", manage at '/api/m/" + Manage + "'", "Booked from /api/l/{token}, manage at '/api/m/{token}'")]
    [InlineData("System.InvalidOperationException: failed for\n   /api/l/" + Link + "\n   at Book()", "System.InvalidOperationException: failed for\n   /api/l/{token}\n   at Book()")]
    public void MaskTokens_UrlOrMessageWithToken_KeepsEverythingButTheToken(string recorded, string expected)
    {
        Assert.Equal(expected, Masking.MaskTokens(recorded));
    }

    [Theory]
    [InlineData("GET api/l/{token}")]
    [InlineData("POST api/m/{token}/cancel")]
    [InlineData("https://links.example.com/api/calendars/dr-smith/links?status=active&pageSize=50")]
    [InlineData("https://stonetimelinksprod.table.core.windows.net/OneTimeLinks(PartitionKey='dr-smith',RowKey='0d2k7yq8x3mvb5hr1n9')")]
    [InlineData("https://func-onetimelinks-prod-abc123.azurewebsites.net/api/health")]
    [InlineData("BookLink")]
    [InlineData("")]
    public void MaskTokens_NoToken_LeavesTheValueAlone(string recorded)
    {
        Assert.Equal(recorded, Masking.MaskTokens(recorded));
    }

    [Fact]
    public void MaskTokens_MoreTokensThanPasses_FailsClosed()
    {
        // Each pass masks one token; a value with more than the query masks is replaced whole rather than stored.
        var many = string.Join(" ", Enumerable.Range(0, Masking.Passes + 1).Select(_ => "/api/l/" + Link));

        var masked = Masking.MaskTokens(many);

        Assert.Equal(Masking.FailClosedValue, masked);
        Assert.DoesNotContain("/l/", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void MaskTokens_GeneratedTokensOfEveryShape_NoSecretSurvives()
    {
        // Random tokens of the documented shapes, in each public route, with path suffixes and query strings.
        string[] routes = ["/api/l/{0}", "/api/l/{0}/book", "/api/l/{0}/opened", "/api/l/{0}?from=2026-12-01", "/api/m/{0}", "/api/m/{0}/cancel", "/api/m/{0}/reschedule"];
        for (var i = 0; i < 200; i++)
        {
            var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            var token = i % 2 == 0
                ? $"{CalendarId(i)}.{LinkId()}.{secret}"
                : $"{CalendarId(i)}.{Guid.NewGuid():N}.{secret}";
            var url = "https://links.example.com" + string.Format(System.Globalization.CultureInfo.InvariantCulture, routes[i % routes.Length], token);

            var masked = Masking.MaskTokens(url);

            Assert.DoesNotContain(secret, masked, StringComparison.Ordinal);
            Assert.Contains(Placeholder, masked, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void MaskDynamic_PropertiesWithTokens_MasksThemAndStaysJson()
    {
        var properties = new JsonObject
        {
            ["RequestPath"] = "/api/l/" + Link + "/book",
            ["Referer"] = "https://links.example.com/api/m/" + Manage + "?manage=" + Manage + "&x=1",
            ["Detail"] = "quoted \"/api/l/" + Link + "\" inside",
            ["Method"] = "POST",
        };

        var masked = Masking.MaskDynamic(properties)!.AsObject();

        Assert.Equal("/api/l/{token}/book", masked["RequestPath"]!.GetValue<string>());
        Assert.Equal("https://links.example.com/api/m/{token}?manage={token}&x=1", masked["Referer"]!.GetValue<string>());
        Assert.Equal("quoted \"/api/l/{token}\" inside", masked["Detail"]!.GetValue<string>());
        Assert.Equal("POST", masked["Method"]!.GetValue<string>());
    }

    [Fact]
    public void TransformRule_CompiledTemplate_IsAWorkspaceRuleOverTheHostTables()
    {
        // "Create workspace transformation DCR": kind WorkspaceTransforms, an empty dataSources section, exactly one
        // Log Analytics destination, one data flow per table (learn.microsoft.com/azure/azure-monitor/data-collection/
        // data-collection-transformations-create#create-workspace-transformation-dcr).
        var template = CompiledTemplate.Load();
        var rule = Assert.Single(template.OfType("Microsoft.Insights/dataCollectionRules"));

        Assert.Equal("WorkspaceTransforms", rule.Body["kind"]!.GetValue<string>());
        Assert.Empty(rule.Properties!["dataSources"]!.AsObject());
        Assert.Single(rule.Properties!["destinations"]!["logAnalytics"]!.AsArray());
        Assert.Equal(FunctionsText, rule.Scope.Variables["$fxv#0"]!.GetValue<string>());

        var flows = MaskedTables(rule);
        Assert.Equal(ExpectedColumns.Keys.Order(StringComparer.Ordinal), flows.Keys.Order(StringComparer.Ordinal));
        foreach (var (table, query) in flows)
        {
            Assert.Equal(ExpectedColumns[table].Order(StringComparer.Ordinal), MaskedColumns(query).Keys.Order(StringComparer.Ordinal));
        }

        // The workspace is deployed again naming the rule as its transformation rule.
        var linked = template.OfType("Microsoft.OperationalInsights/workspaces")
            .Where(w => w.Properties?.ToString().Contains("defaultDataCollectionRuleResourceId", StringComparison.Ordinal) == true)
            .Select(w => template.Resolve(JsonValue.Create("[parameters('transformRuleId')]"), w.Scope)?.ToString() ?? "");
        Assert.Contains(linked, id => id.Contains("'Microsoft.Insights/dataCollectionRules'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AppRequests")]
    [InlineData("AppDependencies")]
    [InlineData("AppTraces")]
    [InlineData("AppExceptions")]
    [InlineData("FunctionAppLogs")]
    public void TransformQuery_SampleHostRow_StoresNoToken(string table)
    {
        // Arrange: a row as the host would record it, every masked column carrying a link and a manage token.
        var rule = Assert.Single(CompiledTemplate.Load().OfType("Microsoft.Insights/dataCollectionRules"));
        var query = MaskedTables(rule)[table];
        var row = new Dictionary<string, JsonNode?>();
        foreach (var (column, function) in MaskedColumns(query))
        {
            var text = $"GET https://links.example.com/api/l/{Link}/book then /api/m/{Manage}/cancel";
            row[column] = function == "maskDynamic" ? new JsonObject { ["Url"] = text } : JsonValue.Create(text);
        }

        // Act: source | extend Column = maskTokens(Column), ... (each right-hand side reads the incoming row).
        var stored = MaskedColumns(query).ToDictionary(
            c => c.Key,
            c => c.Value == "maskDynamic" ? Masking.MaskDynamic(row[c.Key]) : JsonValue.Create(Masking.MaskTokens(row[c.Key]!.GetValue<string>())));

        // Assert
        var json = JsonSerializer.Serialize(stored, KqlJson);
        Assert.DoesNotContain(Link, json, StringComparison.Ordinal);
        Assert.DoesNotContain(Manage, json, StringComparison.Ordinal);
        Assert.Contains("/api/l/{token}/book then /api/m/{token}/cancel", json, StringComparison.Ordinal);
    }

    // The tables and columns docs/operations.md ("Tokens in the host's telemetry") says are masked.
    private static readonly Dictionary<string, string[]> ExpectedColumns = new()
    {
        ["AppRequests"] = ["Url", "Name", "OperationName", "Properties"],
        ["AppDependencies"] = ["Data", "Name", "Target", "OperationName", "Properties"],
        ["AppTraces"] = ["Message", "OperationName", "Properties"],
        ["AppExceptions"] = ["Message", "OuterMessage", "InnermostMessage", "OperationName", "Details", "Properties"],
        ["FunctionAppLogs"] = ["Message", "ExceptionMessage", "ExceptionDetails"],
    };

    /// <summary>The rule's data flows come from the module's maskedTables variable (a copy loop): table to query.</summary>
    private static Dictionary<string, string> MaskedTables(TemplateResource rule)
    {
        var copy = Assert.Single(rule.Properties!["copy"]!.AsArray());
        Assert.Equal("[format('{0} {1}', variables('maskFunctions'), variables('maskedTables')[copyIndex('dataFlows')].query)]", copy!["input"]!["transformKql"]!.GetValue<string>());
        Assert.Equal("[format('Microsoft-Table-{0}', variables('maskedTables')[copyIndex('dataFlows')].table)]", copy["input"]!["streams"]![0]!.GetValue<string>());
        Assert.Equal("[replace(replace(variables('$fxv#0'), '\r', ''), '\n', ' ')]", rule.Scope.Variables["maskFunctions"]!.GetValue<string>());

        return rule.Scope.Variables["maskedTables"]!.AsArray()
            .ToDictionary(t => t!["table"]!.GetValue<string>(), t => t!["query"]!.GetValue<string>());
    }

    /// <summary>"source | extend A = maskTokens(A), B = maskDynamic(B)": column to function; nothing else is allowed.</summary>
    private static Dictionary<string, string> MaskedColumns(string query)
    {
        Assert.StartsWith("source | extend ", query, StringComparison.Ordinal);
        var assignments = query["source | extend ".Length..].Split(", ");
        return assignments.Select(a => Assignment().Match(a)).Select(m =>
        {
            Assert.True(m.Success && m.Groups[1].Value == m.Groups[3].Value, $"Unexpected assignment in: {query}");
            return (Column: m.Groups[1].Value, Function: m.Groups[2].Value);
        }).ToDictionary(a => a.Column, a => a.Function);
    }

    private static string CalendarId(int i) => i % 3 == 0 ? "a" : $"Cal_{i}-x";

    private static string LinkId()
    {
        const string Crockford = "0123456789abcdefghjkmnpqrstvwxyz";
        return new string(RandomNumberGenerator.GetItems<char>(Crockford, 19));
    }

    [GeneratedRegex(@"^(\w+) = (maskTokens|maskDynamic)\((\w+)\)$")]
    private static partial Regex Assignment();

    /// <summary>The functions of mask-capability-tokens.kql, replayed with .NET's Regex on the file's own patterns.</summary>
    private sealed partial class MaskingFunctions
    {
        private readonly List<Regex> _regexes;

        private MaskingFunctions(List<string> patterns, int passes, string failClosedValue)
        {
            Patterns = patterns;
            _regexes = patterns.Select(p => new Regex(p, RegexOptions.CultureInvariant)).ToList();
            Passes = passes;
            FailClosedValue = failClosedValue;
        }

        public List<string> Patterns { get; }

        public int Passes { get; }

        public string FailClosedValue { get; }

        public static MaskingFunctions Parse(string kql)
        {
            // Every regex literal in the file is one of two patterns, the link path first; a third, or an edit to
            // one of its copies only, fails here.
            var literals = Verbatim().Matches(kql).Select(m => m.Groups[1].Value).ToList();
            var patterns = literals.Distinct(StringComparer.Ordinal).ToList();
            Assert.Equal(2, patterns.Count);
            Assert.Contains("[lm]", patterns[0], StringComparison.Ordinal);
            Assert.Contains("manage=", patterns[1], StringComparison.Ordinal);

            var maskOnce = Definition(kql, "maskOnce");
            Assert.Equal(2, CountOf(maskOnce, "'" + Placeholder + "'"));
            Assert.Equal(4, CountOf(maskOnce, "extract("));
            Assert.True(maskOnce.IndexOf(patterns[0], StringComparison.Ordinal) < maskOnce.IndexOf(patterns[1], StringComparison.Ordinal));

            var maskTokens = Definition(kql, "maskTokens");
            var passes = CountOf(maskTokens, "maskOnce(");
            Assert.Contains("failClosed(", maskTokens, StringComparison.Ordinal);

            var failClosed = Definition(kql, "failClosed");
            var failClosedValue = Quoted().Match(failClosed).Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(failClosedValue));

            return new MaskingFunctions(patterns, passes, failClosedValue);
        }

        // hasToken(s): s matches regex p1 or s matches regex p2.
        public bool HasToken(string s) => _regexes.Any(p => p.IsMatch(s));

        // maskOnce(s): the first pattern that matches rewrites one token: strcat(extract(p, 1, s), '{token}', extract(p, 2, s)).
        public string MaskOnce(string s)
        {
            foreach (var pattern in _regexes)
            {
                var match = pattern.Match(s);
                if (match.Success)
                {
                    return match.Groups[1].Value + Placeholder + match.Groups[2].Value;
                }
            }

            return s;
        }

        // maskTokens(s): iif(hasToken(s), failClosed(maskOnce^passes(s)), s).
        public string MaskTokens(string s)
        {
            if (!HasToken(s))
            {
                return s;
            }

            var masked = s;
            for (var i = 0; i < Passes; i++)
            {
                masked = MaskOnce(masked);
            }

            return HasToken(masked) ? FailClosedValue : masked;
        }

        // maskDynamic(d): iif(hasToken(tostring(d)), parse_json(maskTokens(tostring(d))), d).
        public JsonNode? MaskDynamic(JsonNode? d)
        {
            var text = d?.ToJsonString(KqlJson) ?? "";
            return HasToken(text) ? JsonNode.Parse(MaskTokens(text)) : d;
        }

        private static string Definition(string kql, string name)
        {
            var start = kql.IndexOf($"let {name} = ", StringComparison.Ordinal);
            Assert.True(start >= 0, $"mask-capability-tokens.kql defines no {name}.");
            var end = kql.IndexOf("};", start, StringComparison.Ordinal);
            return kql[start..end];
        }

        private static int CountOf(string text, string part) => Regex.Count(text, Regex.Escape(part));

        [GeneratedRegex(@"@'([^']*)'")]
        private static partial Regex Verbatim();

        [GeneratedRegex(@"iif\(hasToken\(s\), '([^']*)', s\)")]
        private static partial Regex Quoted();
    }
}
