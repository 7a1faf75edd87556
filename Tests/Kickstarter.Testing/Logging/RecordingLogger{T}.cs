using Microsoft.Extensions.Logging;

namespace Kickstarter.Testing.Logging;

/// <summary>A <see cref="RecordingLogger"/> for code that asks for an <see cref="ILogger{TCategoryName}"/>.</summary>
/// <typeparam name="T">The logger's category.</typeparam>
public sealed class RecordingLogger<T> : RecordingLogger, ILogger<T>;
