using System.CommandLine;
using Chariot.Capabilities.Checkpoints;
using Chariot.Capabilities.Models;
using Chariot.Host.Sample.Jobs;

namespace Chariot.Host.Sample.Cli;

/// <summary><c>validate</c> (the UI's "validate" button) and <c>affiliation</c> (is this asset the account's?).</summary>
internal static class CheckCommands
{
    public static Command Validate(HostEnvironment environment)
    {
        var job = CommonOptions.RequiredJob();
        var plugins = CommonOptions.Plugins();
        var verbose = CommonOptions.Verbose();
        var command = new Command("validate", "Check only that the job's credentials work; says what is wrong.") { job, plugins, verbose };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(environment, parse.GetValue(job)!, parse.GetValue(plugins), parse.GetValue(verbose), new JobRequest.Validate(), cancellationToken));
        return command;
    }

    public static Command Affiliation(HostEnvironment environment)
    {
        var job = CommonOptions.RequiredJob();
        var dns = new Option<string>("--dns") { Description = "The asset's DNS name.", HelpName = "NAME", Required = true };
        var ip = new Option<string?>("--ip") { Description = "The asset's address (default: the DNS name).", HelpName = "ADDRESS" };
        var plugins = CommonOptions.Plugins();
        var verbose = CommonOptions.Verbose();
        var command = new Command("affiliation", "Ask the vendor whether an asset belongs to the integrated account.") { job, dns, ip, plugins, verbose };
        command.SetAction((parse, cancellationToken) =>
        {
            var name = parse.GetValue(dns)!;
            var asset = new Asset(name, parse.GetValue(ip) ?? name);
            return RunAsync(environment, parse.GetValue(job)!, parse.GetValue(plugins), parse.GetValue(verbose), new JobRequest.Affiliation(asset), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(HostEnvironment environment, string jobFile, string? plugins, bool verbose, JobRequest request, CancellationToken cancellationToken)
    {
        using var runtime = new HostRuntime(environment, plugins, verbose);
        Job job;
        try
        {
            job = await JobFile.ReadAsync(jobFile, cancellationToken);
        }
        catch (HostUsageException e)
        {
            runtime.ReportError(e.Message);
            return ExitCodes.Usage;
        }

        return await new JobRunner(runtime, new InMemoryCheckpointStore()).RunAsync(job, request, cancellationToken);
    }
}
