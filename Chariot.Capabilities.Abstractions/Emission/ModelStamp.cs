namespace Chariot.Capabilities.Emission;

/// <summary>
/// What the emitter fills into a model sent without it, as of one moment (tabularium's defaults): the job's username;
/// created, visited and a risk's updated = <see cref="Now"/>; a time to live of 30 days (<see cref="Ttl"/>). A model made
/// with all of them (from <see cref="ResultEmitter.StampNow"/>), and an attribute whose parent was sent so made, is sent
/// as it is: the emitter makes no copy of it to fill them in. A model sent without them is copied and filled as before.
/// </summary>
/// <param name="Username">The job's username.</param>
/// <param name="Now">The moment: created, visited and (for a risk) updated.</param>
/// <param name="Ttl">When Chariot may expire the model, in Unix seconds: 30 days after <paramref name="Now"/>.</param>
public readonly record struct ModelStamp(string Username, DateTimeOffset Now, long Ttl);
