package dev.tasker.orchestrator.template;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code handler} block of a step.
 *
 * @param callable       a deployed handler name ({@code order_validate}) or a pinned version
 *                       ({@code order_validate@sha256:<64 hex>})
 * @param initialization the step configuration map passed to the handler as {@code config}; never null
 *                       (an empty object when the template has none)
 */
public record HandlerSpec(String callable, ObjectNode initialization) {

    /** @return the handler name part of {@link #callable()} (everything before {@code @}). */
    public String handlerName() {
        int at = callable.indexOf('@');
        return at < 0 ? callable : callable.substring(0, at);
    }

    /** @return the pinned digest {@code sha256:<hex>}, or {@code null} when the callable is not pinned. */
    public String pinnedDigest() {
        int at = callable.indexOf('@');
        return at < 0 ? null : callable.substring(at + 1);
    }
}
