using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace OneTimeLinks.Tests.BookingFeeds;

/// <summary>ical.js (node_modules) as an independent reader of booking feeds: one node process per batch of files.</summary>
internal static class IcalJsFeedReader
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public static IcalJsFeed Read(string ics) => Read([ics]).Single();

    public static List<IcalJsFeed> Read(IReadOnlyList<string> files)
    {
        var icalJs = Path.Combine(RepositoryPaths.Root, "node_modules", "ical.js", "dist", "ical.es5.cjs");
        Assert.True(File.Exists(icalJs), $"ical.js is not installed ({icalJs} is missing). Run 'npm ci' in {RepositoryPaths.Root}.");
        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllText(input, JsonSerializer.Serialize(files), new UTF8Encoding(false));
            var start = new ProcessStartInfo("node")
            {
                ArgumentList = { "-e", Script, icalJs, input },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
            };
            using var node = Process.Start(start)!;
            var stderr = node.StandardError.ReadToEndAsync();
            var output = node.StandardOutput.ReadToEnd();
            Assert.True(node.WaitForExit(60_000), "node did not finish.");
            Assert.True(node.ExitCode == 0, $"node failed: {stderr.Result}");
            return JsonSerializer.Deserialize<List<IcalJsFeed>>(output, WebJson)!;
        }
        finally
        {
            File.Delete(input);
        }
    }

    private const string Script = """
        const ICAL = require(process.argv[1]);
        const files = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
        const text = v => v === null || v === undefined ? null : v.toString();
        const feeds = files.map(ics => {
          try {
            const calendar = new ICAL.Component(ICAL.parse(ics));
            const events = calendar.getAllSubcomponents('vevent').map(e => ({
              uid: e.getFirstPropertyValue('uid'),
              sequence: e.getFirstPropertyValue('sequence'),
              status: e.getFirstPropertyValue('status'),
              summary: e.getFirstPropertyValue('summary'),
              description: e.getFirstPropertyValue('description'),
              start: text(e.getFirstPropertyValue('dtstart')),
              end: text(e.getFirstPropertyValue('dtend')),
              dtStamp: text(e.getFirstPropertyValue('dtstamp')),
              lastModified: text(e.getFirstPropertyValue('last-modified')),
              starts: e.getAllProperties('dtstart').length,
            }));
            return { error: null, events };
          } catch (e) {
            return { error: String(e), events: [] };
          }
        });
        process.stdout.write(JSON.stringify(feeds));
        """;
}

internal sealed record IcalJsFeed(string? Error, List<IcalJsEvent> Events);

internal sealed record IcalJsEvent(
    string Uid, int? Sequence, string? Status, string? Summary, string? Description, string? Start, string? End, string? DtStamp,
    string? LastModified, int Starts);
