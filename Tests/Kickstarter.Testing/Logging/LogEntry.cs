using Microsoft.Extensions.Logging;

namespace Kickstarter.Testing.Logging;

/// <summary>One entry a <see cref="RecordingLogger"/> kept.</summary>
/// <param name="EventId">The entry's event id (the <c>[LoggerMessage]</c> EventId).</param>
/// <param name="Level">The entry's level.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception logged with it, if any.</param>
public sealed record LogEntry(int EventId, LogLevel Level, string Message, Exception? Exception);
