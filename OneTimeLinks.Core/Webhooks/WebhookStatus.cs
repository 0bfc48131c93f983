namespace OneTimeLinks.Core.Webhooks;

public enum WebhookStatus
{
    Enabled,
    Disabled,
}
