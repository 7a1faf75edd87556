namespace Kickstarter.Grains.Serialization;

/// <summary>A decoded value, or why the bytes are not one.</summary>
/// <typeparam name="T">The data contract.</typeparam>
/// <param name="Value">The value, when <paramref name="Error"/> is null.</param>
/// <param name="Error">Why the bytes could not be decoded (goes into the <c>dlq.reason</c> header).</param>
public readonly record struct DecodeResult<T>(T? Value, string? Error)
    where T : class;
