namespace Kickstarter.Silo.Configuration.Aws;

/// <summary>
/// The Flink original's Java client properties turned into Kickstarter's configuration keys, plus one note per Java
/// property that was dropped or renamed (property names and reasons only, never values).
/// </summary>
public sealed record TranslatedSettings(IReadOnlyDictionary<string, string?> Data, IReadOnlyList<string> Notes);
