namespace Chariot.EndToEnd.Tests.Support;

/// <summary>What one host command did: its exit code and everything it wrote on stdout and stderr.</summary>
public sealed record HostResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Error}";
}
