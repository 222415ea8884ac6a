package dev.tasker.orchestrator.queue;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;

/**
 * A message read from a PGMQ queue ({@code pgmq.message_record}).
 *
 * @param msgId      the message id within its queue
 * @param readCount  how many times it has been read (1 on first delivery)
 * @param enqueuedAt when it was sent
 * @param vt         when it becomes visible again unless deleted or archived
 * @param message    the JSON payload
 */
public record QueueMessage(long msgId, int readCount, OffsetDateTime enqueuedAt, OffsetDateTime vt, JsonNode message) {
}
