namespace OneTimeLinks.Tests.BookingFeeds;

/// <summary>ical.js (node_modules) as an independent reader of booking feeds: one node process per batch of files.</summary>
internal static class IcalJsFeedReader
{
    public static IcalJsFeed Read(string ics) => Read([ics]).Single();

    public static List<IcalJsFeed> Read(IReadOnlyList<string> files) => IcalJs.Read<IcalJsFeed>(Script, files);

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
