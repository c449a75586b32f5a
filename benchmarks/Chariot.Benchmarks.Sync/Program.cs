using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Chariot.Benchmarks.Sync;
using Chariot.Benchmarks.Sync.Reference;

// dotnet run -c Release --project benchmarks/Chariot.Benchmarks.Sync -- [--small] [--source export|by-machine|both] [--report docs/benchmarks.md]
var small = new Option<bool>("--small") { Description = "A tenant ten times smaller (10,000 devices, 100,000 rows, 2,000 alerts)." };
var sources = new Option<string>("--source") { Description = "Vulnerabilities read through export, by-machine or both.", DefaultValueFactory = _ => "both" };
sources.AcceptOnlyFromAmong("export", "by-machine", "both");
var noSdk = new Option<bool>("--no-sdk") { Description = "Leave out the Graph SDK measurement." };
var report = new Option<string?>("--report") { Description = "Also write the table, with the machine it ran on, to FILE (markdown)." };
var root = new RootCommand("The whole sync against a fake tenant in its own process: a plain streaming client, the host with the plugin, and the Graph SDK for alerts, in one run.")
{
    small, sources, noSdk, report,
};
root.SetAction(async (parse, cancellationToken) =>
{
    string[] which = parse.GetValue(sources) is "both" or null ? ["export", "by-machine"] : [parse.GetValue(sources)!];
    var runner = new Runner(parse.GetValue(small), which, !parse.GetValue(noSdk), Console.Error);
    var table = await runner.RunAsync(cancellationToken);
    await Console.Out.WriteAsync(table);
    if (parse.GetValue(report) is { } path)
    {
        await File.WriteAllTextAsync(path, ReportFile(table, parse.GetValue(small)), cancellationToken);
    }

    return 0;
});

var tenant = new Option<string>("--tenant") { Required = true };
tenant.AcceptOnlyFromAmong("large", "small", "alerts-large", "alerts-small", "ci", "ci-tenth");
var connection = new Option<string>("--connection") { Required = true };
var serve = new Command("serve", "Serve a benchmark tenant until standard input closes (started by the benchmark).") { tenant, connection };
serve.SetAction((parse, cancellationToken) => ServeCommand.RunAsync(
    parse.GetValue(tenant) switch
    {
        "large" => TenantSizes.Large,
        "small" => TenantSizes.Small,
        "alerts-large" => TenantSizes.AlertsOf(TenantSizes.Large),
        "ci" => CheckCommand.Ci,
        "ci-tenth" => CheckCommand.CiTenth,
        _ => TenantSizes.AlertsOf(TenantSizes.Small),
    },
    parse.GetValue(connection)!,
    cancellationToken));

var source = new Option<string>("--source") { Required = true };
var output = new Option<string>("--out") { Required = true };
var reference = new Command("reference", "Run the plain streaming client; print what it measured as JSON.") { connection, source, output };
reference.SetAction(async (parse, cancellationToken) =>
{
    await using var file = new FileStream(parse.GetValue(output)!, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
    using var client = new ReferenceClient(Connection.Read(parse.GetValue(connection)!), parse.GetValue(source)!, file);
    var stats = await client.RunAsync(cancellationToken);
    await Console.Out.WriteAsync(JsonSerializer.Serialize(stats, Json.Options));
    return 0;
});

var sdk = new Command("sdk", "Fetch and parse every alert with the Graph SDK; print what it measured as JSON.") { connection };
sdk.SetAction(async (parse, cancellationToken) =>
{
    var (alerts, seconds, allocated) = await GraphSdkClient.RunAsync(Connection.Read(parse.GetValue(connection)!), cancellationToken);
    await Console.Out.WriteAsync(JsonSerializer.Serialize(new SdkResult(alerts, seconds, allocated), Json.Options));
    return 0;
});

var job = new Option<string>("--job") { Required = true };
var inProcess = new Command("host-in-process", "Run one job with the host in this process; print its allocations as JSON.") { job, output };
inProcess.SetAction(async (parse, cancellationToken) =>
{
    var plugins = Path.Combine(Self.HostDirectory, "plugins");
    var (exitCode, seconds, allocated, error) = await HostRuns.InProcessAsync(parse.GetValue(job)!, parse.GetValue(output)!, plugins, cancellationToken);
    var alerts = HostRuns.Summary(error).GetValueOrDefault("alerts")?.Received ?? 0;
    await Console.Out.WriteAsync(JsonSerializer.Serialize(new InProcessResult(exitCode, seconds, alerts, allocated), Json.Options));
    return exitCode;
});

var check = new Command("check", "The small run CI makes (about 10,000 records and ten times fewer): calls per stream and peak memory, as JSON.");
check.SetAction((_, cancellationToken) => CheckCommand.RunAsync(Console.Out, cancellationToken));

var runs = new Option<int>("--runs") { DefaultValueFactory = _ => 1000 };
var perRun = new Command("per-run", "Run an empty job again and again with the host in this process; print the times and memory as JSON.") { connection, runs };
perRun.SetAction((parse, cancellationToken) => PerRunCommand.RunAsync(Connection.Read(parse.GetValue(connection)!), parse.GetValue(runs), Console.Out, cancellationToken));

root.Subcommands.Add(serve);
root.Subcommands.Add(perRun);
root.Subcommands.Add(check);
root.Subcommands.Add(reference);
root.Subcommands.Add(sdk);
root.Subcommands.Add(inProcess);
return await root.Parse(args).InvokeAsync();

static string ReportFile(string table, bool small) => string.Create(CultureInfo.InvariantCulture, $"""
    # Benchmarks

    Regenerate with `dotnet run -c Release --project benchmarks/Chariot.Benchmarks.Sync -- --report docs/benchmarks.md{(small ? " --small" : "")}`.
    Figures vary between machines and runs: compare the ratios, which were measured in one run.

    Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.ProcessArchitecture}.

    {table}
    """);
