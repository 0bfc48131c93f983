namespace OneTimeLinks.Tests.Panel;

/// <summary>What the panel's bookings specifications share.</summary>
internal static class PanelBookingsTestHelpers
{
    /// <summary>Berlin, every day around the clock in 30-minute slots, 30 days ahead, each booking a request for the owner.</summary>
    public static object AllDayApprovalCalendar() => new
    {
        name = "Dr. Smith",
        timeZone = "Europe/Berlin",
        slotMinutes = 30,
        availability = new[] { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" }
            .ToDictionary(day => day, _ => new object[] { new { start = "00:00", end = "24:00" } }),
        minimumNoticeMinutes = 0,
        horizonDays = 30,
        requiresConfirmation = true,
    };
}
