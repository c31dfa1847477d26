using System.Globalization;
using RakorLive.Wire;

namespace RakorLive.Grains.Notifications;

/// <summary>
/// Deadline reminders and their delivery, bound from the <c>RakorLive</c> section: <c>RakorLive:Reminders:LeadDays</c>,
/// <c>RakorLive:Reminders:DigestTime</c>, <c>RakorLive:Webhooks:N:{Url,Secret,Events}</c>,
/// <c>RakorLive:Notifications:{MaxAttempts,RetryDelay,GiveUpAfter,PollInterval}</c> and the deployment's <c>RakorLive:TimeZone</c>.
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "RakorLive";

    public string TimeZone { get; set; } = "Asia/Jakarta";

    public ReminderSettings Reminders { get; set; } = new();

    public List<WebhookSettings> Webhooks { get; set; } = [];

    public DeliverySettings Notifications { get; set; } = new();

    /// <summary>The configured webhooks that a notification of <paramref name="name"/> goes to, with their index (the N of the key).</summary>
    public IEnumerable<(int Index, WebhookSettings Webhook)> WebhooksFor(string name) =>
        Webhooks.Select((w, i) => (i, w)).Where(x => !string.IsNullOrWhiteSpace(x.w.Url) && x.w.Accepts(name));

    /// <summary>Fails start-up on a webhook that is not an absolute http(s) URL or has no secret.</summary>
    public void Validate()
    {
        foreach (var (w, i) in Webhooks.Select((w, i) => (w, i)))
        {
            if (string.IsNullOrWhiteSpace(w.Url)) continue;
            if (!Uri.TryCreate(w.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new InvalidOperationException($"RakorLive:Webhooks:{i}:Url must be an absolute http or https URL, not '{w.Url}'.");
            if (string.IsNullOrEmpty(w.Secret))
                throw new InvalidOperationException($"RakorLive:Webhooks:{i}:Secret is required: receivers check the X-Rakor-Signature with it.");
            foreach (var e in w.EventList)
                if (e != "*" && !NotificationNames.All.Contains(e))
                    throw new InvalidOperationException($"RakorLive:Webhooks:{i}:Events names '{e}'; known: {string.Join(", ", NotificationNames.All)} or *.");
        }
        _ = Reminders.LeadDayList;
        _ = Reminders.DigestAt;
    }
}

public sealed class ReminderSettings
{
    /// <summary>Comma-separated days before the due date: <c>7,3,1</c> is H-7, H-3, H-1.</summary>
    public string LeadDays { get; set; } = "7,3,1";

    /// <summary>Local time of the daily digest in the deployment's zone, <c>HH.mm</c> (Indonesian) or <c>HH:mm</c>.</summary>
    public string DigestTime { get; set; } = "07.00";

    public IReadOnlyList<int> LeadDayList =>
        [.. LeadDays.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 366
                ? n
                : throw new InvalidOperationException($"RakorLive:Reminders:LeadDays must list whole days between 1 and 366, like 7,3,1; '{d}' is not one."))
            .Distinct().OrderDescending()];

    public TimeOnly DigestAt =>
        TimeOnly.TryParseExact(DigestTime.Replace('.', ':'), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t
            : throw new InvalidOperationException($"RakorLive:Reminders:DigestTime must be a local time like 07.00, not '{DigestTime}'.");
}

public sealed class WebhookSettings
{
    public string Url { get; set; } = "";
    public string Secret { get; set; } = "";

    /// <summary>Comma-separated notification names, or <c>*</c> for all.</summary>
    public string Events { get; set; } = "*";

    public IReadOnlyList<string> EventList => [.. Events.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public bool Accepts(string name) => EventList.Any(e => e == "*" || string.Equals(e, name, StringComparison.Ordinal));
}

public sealed class DeliverySettings
{
    /// <summary>Durable attempts (each with the in-process retries of the HTTP pipeline) before a delivery is Failed.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>First wait before a durable re-attempt; doubles each time (capped at one hour).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A delivery still failing this long after it was raised is Failed, whatever its attempt count.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often each node looks for due deliveries when nothing pokes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>In-process retries of one attempt (Microsoft.Extensions.Http.Resilience).</summary>
    public int HttpRetries { get; set; } = 3;

    /// <summary>Timeout of one HTTP request to a receiver.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
