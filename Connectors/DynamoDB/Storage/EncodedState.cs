namespace Kickstarter.Connectors.DynamoDB;

/// <summary>A serialized grain state as stored: bytes, the codec that produced them, and the serialized length.</summary>
internal sealed record EncodedState(byte[] Bytes, string Codec, int RawSize);
