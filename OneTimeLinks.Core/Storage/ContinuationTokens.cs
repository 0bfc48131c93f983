using System.Buffers.Text;
using System.Text;

namespace OneTimeLinks.Core.Storage;

/// <summary>
/// The continuation tokens of paged lists. The SDK's token is "NextPK NextRK", but both halves are the service's
/// opaque encodings (Azure: "1!12!YyxkcmF…", Azurite: base64), not our keys. So the partition travels beside it and a
/// token issued for another calendar is refused; the query's own partition and range filter still bound whatever the
/// SDK token says.
/// </summary>
internal static class ContinuationTokens
{
    public static string Encode(string sdkToken, string partition) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{partition}\n{sdkToken}"));

    /// <exception cref="InvalidContinuationTokenException">The token is not one this service issued for the partition.</exception>
    public static string Decode(string token, string partition)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('\n');
            if (decoded.Length == 2 && decoded[0] == partition
                && decoded[1].Split(' ') is [{ Length: > 0 }, _])
            {
                return decoded[1];
            }
        }
        catch (FormatException)
        {
        }

        throw new InvalidContinuationTokenException();
    }
}
