namespace Kickstarter.IntegrationTests.Chaos;

/// <summary>
/// A kill the chaos test scheduled, and what proves it happened where it was meant to: <see cref="Hit"/> only when a
/// signal from the sink, the file IO or the producer placed the kill there (never a timer).
/// </summary>
/// <param name="Name">The point: "iceberg-commit", "kafka-transaction" or "random #n".</param>
/// <param name="Killed">Whether a silo was killed for it.</param>
/// <param name="Hit">Whether the kill is proven to have happened at the point.</param>
/// <param name="Evidence">The signals behind <paramref name="Hit"/>, or why the point was missed.</param>
internal sealed record KillPoint(string Name, bool Killed, bool Hit, string Evidence)
{
    public override string ToString() =>
        $"{Name}: {(Hit ? "hit" : Killed ? "killed, NOT proven at the point" : "NOT reached")} - {Evidence}";
}
