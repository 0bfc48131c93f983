using System.Globalization;
using System.Text;

namespace OneTimeLinks.Benchmarks;

/// <summary>The report's building blocks: Markdown tables, numbers, and round trips summarised so that a row stays short.</summary>
internal static class ReportText
{
    /// <summary>Longest round-trip summary kept in its table row; a longer one is listed under the table.</summary>
    public const int InlineRounds = 60;

    public const string After = " ‖ after the answer: ";

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>A Markdown table: <paramref name="header"/> is "A | B | C"; each row gives as many cells.</summary>
    public static void Table(StringBuilder s, string header, IEnumerable<IEnumerable<string>> rows)
    {
        s.AppendLine("| " + header + " |");
        s.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", header.Split(" | ").Length)));
        foreach (var row in rows)
        {
            s.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        s.AppendLine();
    }

    public static string Ms(double value) => double.IsNaN(value) ? "—" : value.ToString("F2", C);

    public static string Number(double value, string format = "F0") => double.IsNaN(value) ? "—" : value.ToString(format, C);

    public static string Kb(double bytes) => double.IsNaN(bytes) ? "—" : (bytes / 1024).ToString("F1", C);

    /// <summary>"yes" when <paramref name="value"/> is at most <paramref name="target"/>.</summary>
    public static string Met(double value, double? target) => target is not { } t ? "—" : value <= t ? "yes" : "no";

    /// <summary>
    /// A round-trip record ("batch + batch + upsert → delete outbox → delete outbox ‖ after the answer: …") with repeats
    /// counted: kinds within a round ("2 × batch + upsert") and equal rounds in a row ("2 × delete outbox").
    /// </summary>
    public static string SummariseRounds(string record)
    {
        var parts = record.Split(After);
        var summary = SummariseSequence(parts[0]);
        return parts.Length > 1 ? summary + After + SummariseSequence(parts[1]) : summary;
    }

    private static string SummariseSequence(string sequence)
    {
        var rounds = sequence.Split(" → ", StringSplitOptions.RemoveEmptyEntries).Select(SummariseRound).ToList();
        var runs = new List<string>();
        for (var i = 0; i < rounds.Count;)
        {
            var j = i;
            while (j < rounds.Count && rounds[j] == rounds[i])
            {
                j++;
            }

            var round = rounds[i].Contains(" + ", StringComparison.Ordinal) || rounds[i].Contains(" × ", StringComparison.Ordinal) ? $"({rounds[i]})" : rounds[i];
            runs.Add(j - i > 1 ? $"{j - i} × {round}" : rounds[i]);
            i = j;
        }

        return string.Join(" → ", runs);
    }

    private static string SummariseRound(string round) =>
        string.Join(" + ", round.Split(" + ").GroupBy(k => k).Select(g => g.Count() > 1 ? $"{g.Count()} × {g.Key}" : g.Key));
}
