package dev.tasker.orchestrator.task;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One recorded transition of a task or of one of its workflow steps.
 *
 * @param entity    {@code task} or {@code workflow_step}
 * @param stepUuid  the step, or {@code null} for task transitions
 * @param stepName  the step's name, or {@code null} for task transitions
 * @param fromState previous state, {@code null} for the first transition
 * @param toState   new state
 * @param metadata  why (JSON object)
 * @param sortKey   position in the entity's history
 * @param createdAt when it was recorded
 */
public record TransitionView(String entity, UUID stepUuid, String stepName, String fromState, String toState,
                             JsonNode metadata, int sortKey, OffsetDateTime createdAt) {
}
