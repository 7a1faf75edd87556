// Orleans.Sdk imports the Orleans namespace implicitly, which has its own ErrorCode; ours is Kafka's.
global using ErrorCode = Confluent.Kafka.ErrorCode;
