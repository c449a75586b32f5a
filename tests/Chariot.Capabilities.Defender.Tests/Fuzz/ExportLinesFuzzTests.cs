using System.IO.Compression;
using System.Text.Json.Nodes;
using Chariot.Capabilities.Defender.Vulnerabilities;
using Xunit.Abstractions;

namespace Chariot.Capabilities.Defender.Tests.Fuzz;

/// <summary>
/// Issue 11: the export files' lines, mutated as the pages are (<see cref="PageMutator"/>): each file holds one mutated
/// row between two rows left as documented. No line stops the file (none is over the 1 MB line cap); a bad line is
/// given as unreadable with a reason; the documented rows still map to risks; the mapping never throws.
/// </summary>
public sealed class ExportLinesFuzzTests(ITestOutputHelper output)
{
    private const int Mutations = 400;

    [Fact]
    public async Task Mutated_export_lines_are_skipped_with_a_reason_and_the_others_still_flow()
    {
        var target = FuzzTargets.Rows();
        var records = ((JsonArray)target.Page["value"]!).Select(r => r!.ToJsonString()).ToList();
        var failures = new List<string>();
        var (unreadable, unmapped) = (0, 0);
        for (var seed = 500_000; seed < 500_000 + Mutations; seed++)
        {
            var index = seed % records.Count;
            var page = PageMutator.Mutate(new JsonObject { ["value"] = new JsonArray(JsonNode.Parse(records[index])) }, seed);
            if (page.PageLevel)
            {
                continue;
            }

            // The mutator writes {"value":[<record>]} without indentation: the record is what lies between.
            var mutated = page.Body.AsSpan(10, page.Body.Length - 12).ToArray();
            var lines = records.Select(r => System.Text.Encoding.UTF8.GetBytes(r)).ToList();
            lines[index] = mutated;
            try
            {
                using var file = new ExportReader.JsonLines<Defender.Api.Dtos.VulnerabilityRow>(Gzip(lines), Defender.Api.Dtos.DefenderJson.ListedVulnerabilityRow);
                var read = new List<Defender.Paging.ParsedItem<Defender.Api.Dtos.VulnerabilityRow>>();
                while (await file.ReadBatchAsync(2, CancellationToken.None) is { } batch)
                {
                    read.AddRange(batch);
                }

                if (read.Count != records.Count)
                {
                    failures.Add($"{page.Description}: {read.Count} lines read of {records.Count}");
                    continue;
                }

                for (var i = 0; i < read.Count; i++)
                {
                    var problem = read[i].Problem ?? target.Map(read[i].Item!);
                    if (i != index && problem is not null)
                    {
                        failures.Add($"{page.Description}: the documented row {i} did not flow: {problem}");
                    }

                    unreadable += i == index && read[i].Problem is not null ? 1 : 0;
                    unmapped += i == index && read[i].Problem is null && problem is not null ? 1 : 0;
                    if (i == index && read[i].Problem is { Length: 0 })
                    {
                        failures.Add($"{page.Description}: an unreadable line without a reason");
                    }
                }
            }
            catch (Exception e)
            {
                failures.Add($"{page.Description} -> {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"export lines: {Mutations} seeds, {unreadable} lines unreadable, {unmapped} rows not mapped");
        Assert.True(failures.Count == 0, $"{failures.Count} of {Mutations} mutations failed:\n" + string.Join("\n", failures.Take(15)));
        Assert.True(unreadable > 0, "no mutation made a line unreadable: the fuzz does not reach the line reader's bad path");
    }

    private static MemoryStream Gzip(IEnumerable<byte[]> lines)
    {
        var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true))
        {
            foreach (var line in lines)
            {
                gzip.Write(line);
                gzip.WriteByte((byte)'\n');
            }
        }

        stream.Position = 0;
        return stream;
    }
}
