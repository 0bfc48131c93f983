namespace OneTimeLinks.Core.Availability;

/// <summary>The body of <c>PUT /api/calendars/{calendarId}/busy/{busyId}</c>, as sent.</summary>
public sealed record BusyIntervalRequest(string? Start, string? End, string? Title);

/// <summary>The body of <c>PUT /api/calendars/{calendarId}/busy?from=&amp;to=</c>: every busy interval of the window.</summary>
public sealed record BusySyncRequest(IReadOnlyList<BusySyncItem?>? Intervals);

public sealed record BusySyncItem(string? Id, string? Start, string? End, string? Title);
