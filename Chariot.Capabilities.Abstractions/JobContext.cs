using Chariot.Capabilities.Checkpoints;
using Chariot.Capabilities.Emission;
using Chariot.Capabilities.Models;
using Chariot.Capabilities.Reporting;

namespace Chariot.Capabilities;

/// <summary>What a capability gets for one job: the job, the only way to send results, and its checkpoints.</summary>
public sealed class JobContext
{
    /// <summary>Binds a job to its result emitter and checkpoint store.</summary>
    public JobContext(Job job, ResultEmitter results, ICheckpointStore checkpoints)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(checkpoints);
        Job = job;
        Results = results;
        Checkpoints = new JobCheckpoints(checkpoints, job.CheckpointScope);
    }

    /// <summary>The job.</summary>
    public Job Job { get; }

    /// <summary>Sends assets, risks, attributes and files; every asset and risk passes the job's filter first.</summary>
    public ResultEmitter Results { get; }

    /// <summary>The checkpoints saved by earlier successful runs for this job's integration.</summary>
    public JobCheckpoints Checkpoints { get; }

    /// <summary>The run's per-stream counts, which the host prints when the run ends.</summary>
    public RunSummary Summary { get; } = new();
}
