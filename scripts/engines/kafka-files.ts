import { pomDependency, runtimePom } from './maven-jars';

/**
 * The files a Kafka broker needs: a throwaway pom whose runtime classpath is the broker,
 * the single-node KRaft properties and a log4j2 configuration.
 */

const LOG4J = '2.25.3';
// kafka_2.13 still pulls slf4j-api 1.7, which does not see log4j's SLF4J 2 binding: the broker would log nothing.
const SLF4J = '2.0.17';

export const kafkaPom = (kafkaVersion: string) =>
  runtimePom('kafka-runtime', kafkaVersion, [
    pomDependency('org.apache.kafka', 'kafka_2.13', kafkaVersion),
    pomDependency('org.slf4j', 'slf4j-api', SLF4J),
    pomDependency('org.apache.logging.log4j', 'log4j-core', LOG4J),
    pomDependency('org.apache.logging.log4j', 'log4j-slf4j2-impl', LOG4J),
  ]);

export interface KafkaLayout {
  kafka: number;
  kafkaController: number;
  dataDir: string;
}

/**
 * Static `controller.quorum.voters` (not `--standalone`); every internal topic has one
 * replica; consumer groups start without the 3 s rebalance delay meant for big clusters.
 * Topics are created explicitly (ensureTopics), as in production.
 */
export const kafkaServerProperties = ({ kafka, kafkaController, dataDir }: KafkaLayout) =>
  [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${kafkaController}`,
    `listeners=PLAINTEXT://127.0.0.1:${kafka},CONTROLLER://127.0.0.1:${kafkaController}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${kafka}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=3',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=3',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'share.coordinator.state.topic.num.partitions=1',
    'group.initial.rebalance.delay.ms=0',
    '',
  ].join('\n');

/** Everything to stdout, which the engine runner sends to the run's kafka.log. */
export const kafkaLog4j2 = () =>
  [
    'status = warn',
    'appender.console.type = Console',
    'appender.console.name = console',
    'appender.console.layout.type = PatternLayout',
    'appender.console.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.console.ref = console',
    // The full configuration dump on every client and server start drowns the useful lines.
    'logger.config.name = org.apache.kafka.common.config.AbstractConfig',
    'logger.config.level = warn',
    '',
  ].join('\n');
