using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Functions.Worker;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// The keys of the local host. In Azure the host keeps function and master keys in its key store; locally they come from
/// configuration (<c>LocalRunner:FunctionKey</c>, <c>LocalRunner:MasterKey</c>) and default to documented dev values.
/// A key arrives as header <c>x-functions-key</c> or query <c>code</c> (the header wins when both are present).
/// </summary>
public sealed class FunctionKeys
{
    public const string FunctionKeySetting = "LocalRunner:FunctionKey";
    public const string MasterKeySetting = "LocalRunner:MasterKey";
    public const string DefaultFunctionKey = "local-dev-function-key";
    public const string DefaultMasterKey = "local-dev-master-key";
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    private readonly byte[] _functionKeyHash;
    private readonly byte[] _masterKeyHash;

    public FunctionKeys(string functionKey, string masterKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionKey);
        ArgumentException.ThrowIfNullOrEmpty(masterKey);
        FunctionKey = functionKey;
        MasterKey = masterKey;
        _functionKeyHash = Hash(functionKey);
        _masterKeyHash = Hash(masterKey);
    }

    public string FunctionKey { get; }

    public string MasterKey { get; }

    public bool IsDefaultFunctionKey => FunctionKey == DefaultFunctionKey;

    public bool IsDefaultMasterKey => MasterKey == DefaultMasterKey;

    public static FunctionKeys FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new FunctionKeys(
            NonEmpty(configuration[FunctionKeySetting]) ?? DefaultFunctionKey,
            NonEmpty(configuration[MasterKeySetting]) ?? DefaultMasterKey);
    }

    /// <summary>The key a request presents: header <c>x-functions-key</c>, else query <c>code</c>.</summary>
    public static string? GetPresentedKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return NonEmpty(request.Headers[HeaderName].ToString()) ?? NonEmpty(request.Query[QueryName].ToString());
    }

    /// <summary>Anonymous needs nothing; Function takes the function key or the master key; Admin and System only the master key.</summary>
    public bool IsAuthorized(AuthorizationLevel level, string? presentedKey)
    {
        if (level == AuthorizationLevel.Anonymous)
        {
            return true;
        }

        if (string.IsNullOrEmpty(presentedKey))
        {
            return false;
        }

        // Compare fixed-length hashes in constant time, so neither the content nor the length of a key leaks by timing.
        var presented = Hash(presentedKey);
        var isMaster = CryptographicOperations.FixedTimeEquals(presented, _masterKeyHash);
        var isFunction = CryptographicOperations.FixedTimeEquals(presented, _functionKeyHash);
        return level == AuthorizationLevel.Function ? isMaster | isFunction : isMaster;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
