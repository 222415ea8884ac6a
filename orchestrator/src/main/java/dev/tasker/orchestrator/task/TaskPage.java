package dev.tasker.orchestrator.task;

import java.util.List;

/**
 * One page of tasks, newest first.
 *
 * @param items  the tasks
 * @param total  tasks matching the filter in all pages
 * @param limit  page size asked for
 * @param offset tasks skipped
 */
public record TaskPage(List<TaskSummary> items, long total, int limit, int offset) {
}
