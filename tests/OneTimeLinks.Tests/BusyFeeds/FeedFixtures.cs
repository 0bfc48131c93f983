namespace OneTimeLinks.Tests.BusyFeeds;

/// <summary>
/// Feeds written for these tests in the shape each product exports (PRODID, X-WR-* / X-MICROSOFT-* / X-APPLE-*
/// properties, the zone definitions each one embeds). Written here, not copied from any other project's test data.
/// </summary>
internal static class FeedFixtures
{
    /// <summary>
    /// Mimics Google Calendar's "secret address in iCal format" (basic.ics): METHOD:PUBLISH, X-WR-CALNAME/X-WR-TIMEZONE,
    /// an IANA VTIMEZONE with X-LIC-LOCATION, UIDs ending @google.com. A weekly series in Europe/Berlin across the
    /// 2026-03-29 DST change with one EXDATE and one moved instance, an all-day day, a DURATION event in UTC, and a
    /// transparent and a cancelled event.
    /// </summary>
    public const string Google = """
        BEGIN:VCALENDAR
        PRODID:-//Google Inc//Google Calendar 70.9054//EN
        VERSION:2.0
        CALSCALE:GREGORIAN
        METHOD:PUBLISH
        X-WR-CALNAME:owner@example.test
        X-WR-TIMEZONE:Europe/Berlin
        BEGIN:VTIMEZONE
        TZID:Europe/Berlin
        X-LIC-LOCATION:Europe/Berlin
        BEGIN:DAYLIGHT
        TZOFFSETFROM:+0100
        TZOFFSETTO:+0200
        TZNAME:CEST
        DTSTART:19700329T020000
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
        END:DAYLIGHT
        BEGIN:STANDARD
        TZOFFSETFROM:+0200
        TZOFFSETTO:+0100
        TZNAME:CET
        DTSTART:19701025T030000
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
        END:STANDARD
        END:VTIMEZONE
        BEGIN:VEVENT
        DTSTART;TZID=Europe/Berlin:20260316T090000
        DTEND;TZID=Europe/Berlin:20260316T100000
        RRULE:FREQ=WEEKLY;WKST=MO;COUNT=4;BYDAY=MO
        EXDATE;TZID=Europe/Berlin:20260323T090000
        DTSTAMP:20260301T120000Z
        UID:0a1b2c3d4e5f6g7h8i9j@google.com
        CREATED:20260210T101500Z
        LAST-MODIFIED:20260301T115900Z
        SEQUENCE:2
        STATUS:CONFIRMED
        SUMMARY:Team standup
        TRANSP:OPAQUE
        END:VEVENT
        BEGIN:VEVENT
        DTSTART;TZID=Europe/Berlin:20260330T110000
        DTEND;TZID=Europe/Berlin:20260330T120000
        DTSTAMP:20260301T120000Z
        UID:0a1b2c3d4e5f6g7h8i9j@google.com
        RECURRENCE-ID;TZID=Europe/Berlin:20260330T090000
        CREATED:20260210T101500Z
        LAST-MODIFIED:20260301T115900Z
        SEQUENCE:3
        STATUS:CONFIRMED
        SUMMARY:Team standup (moved)
        TRANSP:OPAQUE
        END:VEVENT
        BEGIN:VEVENT
        DTSTART;VALUE=DATE:20260325
        DTEND;VALUE=DATE:20260326
        DTSTAMP:20260301T120000Z
        UID:allday-25@google.com
        SEQUENCE:0
        STATUS:CONFIRMED
        SUMMARY:Conference
        TRANSP:OPAQUE
        END:VEVENT
        BEGIN:VEVENT
        DTSTART:20260327T140000Z
        DURATION:PT1H30M
        DTSTAMP:20260301T120000Z
        UID:duration-27@google.com
        STATUS:CONFIRMED
        SUMMARY:Dentist
        TRANSP:OPAQUE
        END:VEVENT
        BEGIN:VEVENT
        DTSTART;TZID=Europe/Berlin:20260326T120000
        DTEND;TZID=Europe/Berlin:20260326T130000
        DTSTAMP:20260301T120000Z
        UID:lunch-free@google.com
        STATUS:CONFIRMED
        SUMMARY:Lunch (shown as free)
        TRANSP:TRANSPARENT
        END:VEVENT
        BEGIN:VEVENT
        DTSTART;TZID=Europe/Berlin:20260326T150000
        DTEND;TZID=Europe/Berlin:20260326T160000
        DTSTAMP:20260301T120000Z
        UID:cancelled@google.com
        STATUS:CANCELLED
        SUMMARY:Called off
        TRANSP:OPAQUE
        END:VEVENT
        END:VCALENDAR
        """;

    /// <summary>
    /// Mimics an Outlook / Exchange (Outlook on the web "publish calendar") ICS: Windows zone names as TZIDs with
    /// Windows-style VTIMEZONEs, X-MICROSOFT-CDO-* properties, METHOD:PUBLISH. A daily series in Eastern Standard Time
    /// across the 2026-03-08 US DST change with one EXDATE and one moved instance, an event in W. Europe Standard Time,
    /// and one marked free (TRANSP:TRANSPARENT, X-MICROSOFT-CDO-BUSYSTATUS:FREE).
    /// </summary>
    public const string Outlook = """
        BEGIN:VCALENDAR
        METHOD:PUBLISH
        PRODID:Microsoft Exchange Server 2010
        VERSION:2.0
        X-WR-CALNAME:Calendar
        BEGIN:VTIMEZONE
        TZID:Eastern Standard Time
        BEGIN:STANDARD
        DTSTART:16010101T020000
        TZOFFSETFROM:-0400
        TZOFFSETTO:-0500
        RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:16010101T020000
        TZOFFSETFROM:-0500
        TZOFFSETTO:-0400
        RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3
        END:DAYLIGHT
        END:VTIMEZONE
        BEGIN:VTIMEZONE
        TZID:W. Europe Standard Time
        BEGIN:STANDARD
        DTSTART:16010101T030000
        TZOFFSETFROM:+0200
        TZOFFSETTO:+0100
        RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:16010101T020000
        TZOFFSETFROM:+0100
        TZOFFSETTO:+0200
        RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
        END:DAYLIGHT
        END:VTIMEZONE
        BEGIN:VEVENT
        RRULE:FREQ=DAILY;COUNT=5;INTERVAL=1
        EXDATE;TZID=Eastern Standard Time:20260306T080000
        UID:040000008200E00074C5B7101A82E00800000000B0A1C2D3E4F5D901000000000000000010000000A1B2C3D4E5F60718293A4B5C6D7E8F90
        SUMMARY:Morning call
        DTSTART;TZID=Eastern Standard Time:20260305T080000
        DTEND;TZID=Eastern Standard Time:20260305T083000
        CLASS:PUBLIC
        PRIORITY:5
        DTSTAMP:20260301T090000Z
        TRANSP:OPAQUE
        STATUS:CONFIRMED
        SEQUENCE:0
        X-MICROSOFT-CDO-APPT-SEQUENCE:0
        X-MICROSOFT-CDO-BUSYSTATUS:BUSY
        X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY
        X-MICROSOFT-CDO-ALLDAYEVENT:FALSE
        X-MICROSOFT-CDO-IMPORTANCE:1
        X-MICROSOFT-CDO-INSTTYPE:1
        X-MICROSOFT-DONOTFORWARDMEETING:FALSE
        X-MICROSOFT-DISALLOW-COUNTER:FALSE
        END:VEVENT
        BEGIN:VEVENT
        UID:040000008200E00074C5B7101A82E00800000000B0A1C2D3E4F5D901000000000000000010000000A1B2C3D4E5F60718293A4B5C6D7E8F90
        RECURRENCE-ID;TZID=Eastern Standard Time:20260309T080000
        SUMMARY:Morning call (later)
        DTSTART;TZID=Eastern Standard Time:20260309T100000
        DTEND;TZID=Eastern Standard Time:20260309T103000
        DTSTAMP:20260301T090000Z
        TRANSP:OPAQUE
        STATUS:CONFIRMED
        SEQUENCE:1
        X-MICROSOFT-CDO-BUSYSTATUS:BUSY
        X-MICROSOFT-CDO-INSTTYPE:3
        END:VEVENT
        BEGIN:VEVENT
        UID:040000008200E00074C5B7101A82E00800000000C1D2E3F4A5B6D901000000000000000010000000FFEEDDCCBBAA99887766554433221100
        SUMMARY:Board meeting
        DTSTART;TZID=W. Europe Standard Time:20260310T150000
        DTEND;TZID=W. Europe Standard Time:20260310T160000
        DTSTAMP:20260301T090000Z
        TRANSP:OPAQUE
        STATUS:CONFIRMED
        X-MICROSOFT-CDO-BUSYSTATUS:OOF
        X-MICROSOFT-CDO-ALLDAYEVENT:FALSE
        END:VEVENT
        BEGIN:VEVENT
        UID:040000008200E00074C5B7101A82E00800000000D1D2E3F4A5B6D901000000000000000010000000112233445566778899AABBCCDDEEFF00
        SUMMARY:Focus time
        DTSTART;TZID=Eastern Standard Time:20260311T130000
        DTEND;TZID=Eastern Standard Time:20260311T150000
        DTSTAMP:20260301T090000Z
        TRANSP:TRANSPARENT
        STATUS:CONFIRMED
        X-MICROSOFT-CDO-BUSYSTATUS:FREE
        END:VEVENT
        END:VCALENDAR
        """;

    /// <summary>
    /// Mimics an iCloud public/shared calendar subscription (webcal from pXX-caldav.icloud.com): PRODID of the Apple
    /// CalDAV server, X-WR-CALNAME and X-APPLE-CALENDAR-COLOR, upper-case UUID UIDs. A two-day all-day event, an
    /// America/New_York event after the US DST change, and a floating-time event (the calendar's own zone).
    /// </summary>
    public const string ICloud = """
        BEGIN:VCALENDAR
        VERSION:2.0
        PRODID:-//Apple Inc.//iCloud Calendar Server 2504B63//EN
        CALSCALE:GREGORIAN
        X-WR-CALNAME:Home
        X-APPLE-CALENDAR-COLOR:#34AADC
        X-WR-TIMEZONE:Europe/Berlin
        BEGIN:VTIMEZONE
        TZID:America/New_York
        BEGIN:DAYLIGHT
        TZOFFSETFROM:-0500
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
        DTSTART:20070311T020000
        TZNAME:EDT
        TZOFFSETTO:-0400
        END:DAYLIGHT
        BEGIN:STANDARD
        TZOFFSETFROM:-0400
        RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
        DTSTART:20071104T020000
        TZNAME:EST
        TZOFFSETTO:-0500
        END:STANDARD
        END:VTIMEZONE
        BEGIN:VEVENT
        CREATED:20260215T081122Z
        DTEND;VALUE=DATE:20260403
        DTSTAMP:20260215T081122Z
        DTSTART;VALUE=DATE:20260401
        LAST-MODIFIED:20260215T081122Z
        SEQUENCE:0
        SUMMARY:Easter trip
        UID:6C1F2B3A-4D5E-4F60-8A7B-9C0D1E2F3A4B
        X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC
        END:VEVENT
        BEGIN:VEVENT
        CREATED:20260215T081500Z
        DTEND;TZID=America/New_York:20260320T110000
        DTSTAMP:20260215T081500Z
        DTSTART;TZID=America/New_York:20260320T100000
        LAST-MODIFIED:20260215T081500Z
        SEQUENCE:0
        SUMMARY:Call with New York
        UID:7D2A3B4C-5E6F-4A70-9B8C-0D1E2F3A4B5C
        END:VEVENT
        BEGIN:VEVENT
        CREATED:20260215T082000Z
        DTEND:20260318T100000
        DTSTAMP:20260215T082000Z
        DTSTART:20260318T083000
        SEQUENCE:0
        SUMMARY:Floating breakfast
        UID:8E3B4C5D-6F70-4B81-AC9D-1E2F3A4B5C6D
        END:VEVENT
        END:VCALENDAR
        """;

    /// <summary>
    /// Mimics Outlook's Internet free/busy publishing (a .vfb file): one VFREEBUSY with FREEBUSY periods of each type.
    /// </summary>
    public const string OutlookFreeBusy = """
        BEGIN:VCALENDAR
        PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
        VERSION:2.0
        METHOD:PUBLISH
        BEGIN:VFREEBUSY
        ORGANIZER:mailto:owner@example.test
        DTSTART:20260301T000000Z
        DTEND:20260501T000000Z
        DTSTAMP:20260301T000000Z
        UID:freebusy-owner@example.test
        FREEBUSY;FBTYPE=BUSY:20260312T090000Z/20260312T100000Z
        FREEBUSY;FBTYPE=BUSY-TENTATIVE:20260312T130000Z/PT30M
        FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20260313T070000Z/20260313T080000Z
        FREEBUSY;FBTYPE=FREE:20260313T120000Z/20260313T170000Z
        END:VFREEBUSY
        END:VCALENDAR
        """;
}
