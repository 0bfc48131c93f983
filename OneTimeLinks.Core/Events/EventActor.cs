namespace OneTimeLinks.Core.Events;

/// <summary>
/// Who made a change, as the events about it say (<c>actor</c> in their data, docs/events.md): the CRM through the API
/// (<see cref="Api"/>), or an owner through the panel, named as the CRM named them when it minted the session.
/// </summary>
public sealed record EventActor(string Type, string? Id = null, string? Name = null)
{
    public static EventActor Api { get; } = new("api");

    public static EventActor Panel(string? id, string? name) => new("panel", id, name);
}
