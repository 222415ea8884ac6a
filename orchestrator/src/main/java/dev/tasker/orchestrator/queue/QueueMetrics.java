package dev.tasker.orchestrator.queue;

/**
 * Result of {@code pgmq.metrics(queue)}.
 *
 * @param queueName          the queue
 * @param queueLength        messages in the queue (visible or not)
 * @param visibleLength      messages readable now ({@code vt <= now})
 * @param oldestMessageAgeS  age of the oldest message in seconds, or {@code null} when empty
 * @param totalMessages      messages ever sent to the queue
 */
public record QueueMetrics(String queueName, long queueLength, long visibleLength, Integer oldestMessageAgeS,
                           long totalMessages) {
}
