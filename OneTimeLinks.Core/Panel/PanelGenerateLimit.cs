using OneTimeLinks.Core.Storage;

namespace OneTimeLinks.Core.Panel;

/// <summary>
/// A counter per session and UTC minute, counted with conditional writes only (insert the first, replace on the ETag
/// read after that), never read-then-write without a condition. Every lost write means another request's write
/// succeeded, and at most <see cref="PerMinute"/> writes succeed in a minute, so a request loses at most that many times
/// before it either counts or finds the minute full: the loop's bound is a proof, not a give-up.
/// </summary>
internal sealed class PanelGenerateLimit(IPanelRateStore store, TimeProvider time) : IPanelGenerateLimit
{
    public const int PerMinute = 60;

    public async Task<PanelGenerateSlot> TryTakeAsync(PanelSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = time.GetUtcNow();
        var minute = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var full = new PanelGenerateSlot(false, minute.AddMinutes(1) - now);

        // The counter lives until the session expires: a session cannot generate after that, so it is never needed again.
        var purgeAt = session.ExpiresAt > minute.AddMinutes(1) ? session.ExpiresAt : minute.AddMinutes(1);
        for (var attempt = 0; attempt <= PerMinute + 1; attempt++)
        {
            var read = await store.GetAsync(session.CalendarId, session.SessionId, minute, cancellationToken);
            if (read is { Count: >= PerMinute })
            {
                return full;
            }

            var counted = read is null
                ? await store.TryAddFirstAsync(session.CalendarId, session.SessionId, minute, purgeAt, cancellationToken)
                : await store.TryIncrementAsync(read, cancellationToken);
            if (counted)
            {
                return new PanelGenerateSlot(true, TimeSpan.Zero);
            }
        }

        throw new InvalidOperationException("More writes of a panel rate counter succeeded than its limit allows.");
    }
}
