using System.Runtime.ExceptionServices;
using Chariot.Capabilities.Checkpoints;
using Chariot.Capabilities.Models;

namespace Chariot.Capabilities.Emission;

/// <summary>
/// Runs a job while draining its results, and saves its checkpoints only when it is safe: after every result before
/// them was written. A progress checkpoint is saved at once; any other only when the job and the writing both
/// succeeded, so a failed or cancelled run saves none of those.
/// </summary>
public static class ResultPump
{
    /// <summary>Runs <paramref name="job"/>, writes each model with <paramref name="write"/>, and saves the checkpoints reached.</summary>
    /// <returns>The checkpoints saved, in the order they were reached (the last value per key).</returns>
    /// <exception cref="Exception">The job's own failure, or the writer's, rethrown as is; only progress was saved then.</exception>
    public static async Task<IReadOnlyList<CheckpointReached>> RunAsync(
        ResultChannel channel,
        Func<CancellationToken, Task> job,
        Func<ChariotModel, CancellationToken, ValueTask> write,
        ICheckpointStore checkpoints,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(checkpoints);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var drain = DrainAsync(channel, write, checkpoints, stop, cancellationToken);
        ExceptionDispatchInfo? jobFailure = null;
        try
        {
            await job(stop.Token);
        }
        catch (Exception e)
        {
            jobFailure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            channel.Complete();
        }

        // Everything the job emitted before it ended is written even when it failed: those results are real.
        var reached = await drain;
        jobFailure?.Throw();
        cancellationToken.ThrowIfCancellationRequested();

        foreach (var checkpoint in reached.Where(c => !c.IsProgress))
        {
            await checkpoints.WriteAsync(checkpoint.Key, checkpoint.Utf8Value, cancellationToken);
        }

        return reached;
    }

    private static async Task<IReadOnlyList<CheckpointReached>> DrainAsync(
        ResultChannel channel,
        Func<ChariotModel, CancellationToken, ValueTask> write,
        ICheckpointStore checkpoints,
        CancellationTokenSource stopJob,
        CancellationToken cancellationToken)
    {
        var latest = new Dictionary<CheckpointKey, int>();
        var reached = new List<CheckpointReached>();
        try
        {
            // What the channel holds is taken at once and then written: the senders refill it meanwhile, and a sender
            // waiting on a full channel is woken once a batch instead of once a model (the hand-off per model, a thread
            // pool wake-up each, and the pool's spinning were a fifth of the busy samples of a large sync's profile).
            var batch = new List<Emitted>(channel.Capacity);
            while (await channel.Reader.WaitToReadAsync(CancellationToken.None))
            {
                batch.Clear();
                while (batch.Count < channel.Capacity && channel.Reader.TryRead(out var taken))
                {
                    batch.Add(taken);
                }

                foreach (var item in batch)
                {
                    await TakeAsync(item);
                }
            }
        }
        catch
        {
            // The writer failed: stop the job so it does not wait forever on a full channel, then report the failure.
            await stopJob.CancelAsync();
            throw;
        }

        return reached;

        async ValueTask TakeAsync(Emitted item)
        {
            if (item.Model is { } model)
            {
                await write(model, cancellationToken);
            }
            else if (item.Checkpoint is { } checkpoint)
            {
                if (checkpoint.IsProgress)
                {
                    // Every result before it was written: it holds whatever the job does next.
                    await checkpoints.WriteAsync(checkpoint.Key, checkpoint.Utf8Value, cancellationToken);
                }

                if (latest.TryGetValue(checkpoint.Key, out var index))
                {
                    reached[index] = checkpoint;
                }
                else
                {
                    latest[checkpoint.Key] = reached.Count;
                    reached.Add(checkpoint);
                }
            }
        }
    }
}
