package dev.tasker.orchestrator.testing;

import dev.tasker.orchestrator.db.SqlExecutor;
import dev.tasker.orchestrator.state.State;
import dev.tasker.orchestrator.state.TransitionLog;

import java.lang.reflect.Array;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Moves test entities through their state machine along allowed transitions only. */
public final class StatePaths {

    private StatePaths() {
    }

    /**
     * @return the hops ({@code [from, to]}) of the shortest allowed path from {@code start} to {@code target}
     * @throws IllegalArgumentException when {@code target} is unreachable
     */
    @SuppressWarnings("unchecked")
    public static <S extends Enum<S> & State<S>> List<S[]> shortestPath(S start, S target) {
        Map<S, S> previous = new EnumMap<>(start.getDeclaringClass());
        Deque<S> queue = new ArrayDeque<>(List.of(start));
        EnumSet<S> seen = EnumSet.of(start);
        while (!queue.isEmpty()) {
            S s = queue.poll();
            for (S next : s.allowedTargets()) {
                if (seen.add(next)) {
                    previous.put(next, s);
                    queue.add(next);
                }
            }
        }
        if (!seen.contains(target)) {
            throw new IllegalArgumentException(target + " is not reachable from " + start);
        }
        List<S[]> path = new ArrayList<>();
        for (S s = target; s != start; s = previous.get(s)) {
            S[] hop = (S[]) Array.newInstance(start.getDeclaringClass(), 2);
            hop[0] = previous.get(s);
            hop[1] = s;
            path.add(0, hop);
        }
        return path;
    }

    /**
     * Applies the shortest allowed path from {@code start} (the entity's current state) to {@code target}.
     *
     * @throws IllegalStateException when a hop is not applied
     */
    public static <S extends Enum<S> & State<S>> void driveTo(SqlExecutor sql, TransitionLog<S> log, UUID uuid, S start, S target) {
        for (S[] hop : shortestPath(start, target)) {
            if (!log.transition(sql, uuid, hop[0], hop[1], null)) {
                throw new IllegalStateException(uuid + " was not in " + hop[0]);
            }
        }
    }
}
