package dev.tasker.orchestrator.registry;

import dev.tasker.orchestrator.template.TaskTemplate;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A registered task template.
 *
 * @param uuid      its row id ({@code tasker.task_templates.template_uuid})
 * @param template  the validated template
 * @param createdAt when it was registered
 */
public record StoredTemplate(UUID uuid, TaskTemplate template, OffsetDateTime createdAt) {
}
