namespace OneTimeLinks.Core.Storage;

/// <summary>A session's generate counter for one minute (<c>panelrate|{sessionId}|{minute}</c>).</summary>
internal sealed class PanelRateEntity : TableRow
{
    public int Count { get; set; }
}
