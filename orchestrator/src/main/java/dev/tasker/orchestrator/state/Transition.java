package dev.tasker.orchestrator.state;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of a transition table.
 *
 * @param entityUuid the task or workflow step
 * @param fromState  the previous state's wire name, {@code null} for the initial transition
 * @param toState    the new state's wire name
 * @param metadata   JSON object describing why (e.g. {@code {"reason": "claimed", "attempt": 2}})
 * @param sortKey    position in the entity's history, from 0
 * @param mostRecent whether this is the entity's current state
 * @param createdAt  when the transition was recorded
 */
public record Transition(UUID entityUuid, String fromState, String toState, JsonNode metadata, int sortKey,
                         boolean mostRecent, OffsetDateTime createdAt) {
}
