global using Xunit;
global using ErrorCode = Confluent.Kafka.ErrorCode;
